package dev.p2p.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * CPU time a process spent around each window of a scenario, per packet and per payload byte of
 * the window. The clock is a process's CPU time (every thread: GC and JIT included), which Linux
 * counts in scheduler ticks (10 ms), so windows of a second or more are needed.
 */
final class CpuSamples {

	private final LongSupplier clock;

	/** Per window: CPU nanoseconds, packets, payload bytes. */
	private final List<long[]> windows = new ArrayList<>();

	/**
	 * @param clock a process's CPU time in nanoseconds
	 */
	CpuSamples(LongSupplier clock) {
		this.clock = clock;
	}

	/** Samples of this JVM's CPU time. */
	static CpuSamples ofThisProcess() {
		return new CpuSamples(CpuSamples::processCpuNanos);
	}

	/** This JVM's CPU time so far. */
	static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	/**
	 * Wait until this JVM's JIT compiler has been idle for a second (at most 20 s): nodes just
	 * started leave a backlog of their start-up code to compile, which would otherwise be counted
	 * in the first windows' CPU (on the loaded development machine, half of it).
	 */
	static void awaitQuietCompiler() throws InterruptedException {
		java.lang.management.CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
		if (compiler == null || !compiler.isCompilationTimeMonitoringSupported()) {
			return;
		}
		long deadline = System.nanoTime() + 20_000_000_000L;
		long last = compiler.getTotalCompilationTime();
		while (System.nanoTime() < deadline) {
			Thread.sleep(1_000);
			long now = compiler.getTotalCompilationTime();
			if (now == last) {
				return;
			}
			last = now;
		}
	}

	/**
	 * Measure the CPU around a window.
	 * @param packets packets the window carries
	 * @param payloadSize bytes of each packet's payload
	 * @param window runs the window
	 * @return what the window returns
	 */
	<T> T window(long packets, int payloadSize, Window<T> window) throws Exception {
		long before = this.clock.getAsLong();
		T result = window.run();
		this.windows.add(new long[] { this.clock.getAsLong() - before, packets, packets * payloadSize });
		return result;
	}

	/**
	 * CPU per packet and per payload byte in each of the last windows (the measured ones; the
	 * windows before them are warm-ups).
	 * @param count how many windows
	 * @return nanoseconds per packet (first array) and per byte (second), one value per window;
	 * {@code null} arrays without windows
	 */
	double[][] lastWindows(int count) {
		List<long[]> last = this.windows.subList(Math.max(0, this.windows.size() - count), this.windows.size());
		if (last.isEmpty()) {
			return new double[2][];
		}
		double[][] perPacketAndByte = new double[2][last.size()];
		for (int i = 0; i < last.size(); i++) {
			long[] window = last.get(i);
			perPacketAndByte[0][i] = (double) window[0] / window[1];
			perPacketAndByte[1][i] = (double) window[0] / window[2];
		}
		return perPacketAndByte;
	}

	/** A window of a scenario. */
	interface Window<T> {

		T run() throws Exception;

	}

}
