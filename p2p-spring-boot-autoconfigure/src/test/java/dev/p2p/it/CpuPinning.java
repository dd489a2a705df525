package dev.p2p.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Pins every thread of this JVM to one CPU with {@code taskset} (threads started later inherit
 * it), and puts back the CPUs it had on {@link #close}. Used to give the measured nodes and an
 * attacker in another JVM separate CPUs, as separate machines would have.
 */
final class CpuPinning implements AutoCloseable {

	private final String original;

	private CpuPinning(String original) {
		this.original = original;
	}

	/**
	 * The CPUs this JVM may run on, when {@code taskset} can tell.
	 * @return the CPU numbers, empty if {@code taskset} is missing or fails
	 */
	static List<Integer> allowedCpus() {
		String list = run("taskset", "-c", "-p", Long.toString(ProcessHandle.current().pid()));
		if (list == null || !list.contains(":")) {
			return List.of();
		}
		List<Integer> cpus = new ArrayList<>();
		for (String part : list.substring(list.lastIndexOf(':') + 1).trim().split(",")) {
			String[] range = part.trim().split("-");
			int first = Integer.parseInt(range[0]);
			int last = (range.length > 1) ? Integer.parseInt(range[1]) : first;
			for (int cpu = first; cpu <= last; cpu++) {
				cpus.add(cpu);
			}
		}
		return cpus;
	}

	/**
	 * Pin every thread of this JVM to one CPU. {@code taskset -a} fails when a thread ends while it
	 * walks the JVM's threads (event loops of earlier tests shutting down), so it is tried a few
	 * times.
	 * @param cpu the CPU number
	 * @return the pinning, to close when done, or {@code null} if {@code taskset} kept failing
	 */
	static @Nullable CpuPinning pinThisJvm(int cpu) {
		String pid = Long.toString(ProcessHandle.current().pid());
		String list = run("taskset", "-c", "-p", pid);
		if (list == null) {
			return null;
		}
		CpuPinning pinning = new CpuPinning(list.substring(list.lastIndexOf(':') + 1).trim());
		for (int attempt = 0; attempt < 5; attempt++) {
			if (run("taskset", "-a", "-c", "-p", Integer.toString(cpu), pid) != null) {
				return pinning;
			}
		}
		// some threads may be pinned already: give them their CPUs back
		pinning.close();
		return null;
	}

	@Override
	public void close() {
		run("taskset", "-a", "-c", "-p", this.original, Long.toString(ProcessHandle.current().pid()));
	}

	/** The command's output, or {@code null} if it could not run or failed. */
	private static String run(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
				return null;
			}
			return output;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

}
