package dev.p2p.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM started from the benchmark's own jar (or class path) with the same Java, running one of
 * the benchmark's other mains, talking line by line over its standard input and output. Closing its
 * input tells it to finish.
 */
final class ChildJvm implements AutoCloseable {

	private final Process process;

	private final BufferedReader output;

	private final PrintStream input;

	private ChildJvm(Process process) {
		this.process = process;
		this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		this.input = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
	}

	/**
	 * Start a child JVM running {@link BenchmarkMain} with {@code args}.
	 * @param jvmOptions options before the main class, such as {@code -Xss256k}
	 * @param args the arguments; the first names the child's main (see {@link BenchmarkMain})
	 * @return the running child
	 * @throws IOException if it cannot start
	 */
	static ChildJvm start(List<String> jvmOptions, String... args) throws IOException {
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		String classPath = System.getProperty("java.class.path");
		List<String> command = new ArrayList<>(List.of(java));
		command.addAll(jvmOptions);
		if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
			command.addAll(List.of("-jar", classPath));
		}
		else {
			command.addAll(List.of("-cp", classPath, BenchmarkMain.class.getName()));
		}
		command.addAll(List.of(args));
		return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
	}

	/**
	 * The next line starting with {@code prefix}; other lines are the child's log, copied to standard error.
	 * @param prefix what the line starts with
	 * @return the rest of the line after the prefix
	 * @throws IOException if the child ends first or says {@code FAILED}
	 */
	String await(String prefix) throws IOException {
		String line;
		while ((line = this.output.readLine()) != null) {
			if (line.startsWith(prefix)) {
				return line.substring(prefix.length());
			}
			if (line.startsWith("FAILED ")) {
				throw new IOException("child JVM: " + line.substring("FAILED ".length()));
			}
			System.err.println("[child] " + line);
		}
		throw new IOException("child JVM ended (exit " + exitCode() + ") before " + prefix.trim());
	}

	/** Send the child one line. */
	void send(String line) {
		this.input.println(line);
	}

	private String exitCode() {
		try {
			return this.process.waitFor(10, TimeUnit.SECONDS) ? String.valueOf(this.process.exitValue()) : "none";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

	/** Close the child's input and wait for it to end, forcibly after 10 s. */
	@Override
	public void close() throws InterruptedException {
		this.input.close();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

	/** Read the parent's lines until its output (our standard input) closes. */
	static BufferedReader parentInput() {
		return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
	}

}
