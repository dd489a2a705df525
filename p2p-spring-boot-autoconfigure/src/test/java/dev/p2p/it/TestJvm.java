package dev.p2p.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A JVM the tests start on their own class path (forked peers, attackers, processes in network
 * namespaces), its standard output and error followed line by line on a daemon thread.
 */
final class TestJvm {

	private TestJvm() {
	}

	/**
	 * Start a main class of the test class path.
	 * @param prefix what runs the JVM ({@code ip netns exec ...}, {@code taskset ...}), may be empty
	 * @param jvmOptions options such as {@code -Xmx64m}
	 * @param mainClass the class
	 * @param args its arguments
	 * @return the process, its error output merged into its output
	 * @throws IOException if it cannot be started
	 */
	static Process start(List<String> prefix, List<String> jvmOptions, Class<?> mainClass, List<String> args)
			throws IOException {
		List<String> command = new ArrayList<>(prefix);
		command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
		command.addAll(args);
		return new ProcessBuilder(command).redirectErrorStream(true).start();
	}

	/**
	 * Hand every line a process prints to {@code lines}, on a daemon thread of its own.
	 * @param process the process
	 * @param threadName the thread's name
	 * @param lines takes each line
	 * @param ended runs when the output ends (the process exited)
	 */
	static void follow(Process process, String threadName, Consumer<String> lines, Runnable ended) {
		Thread reader = new Thread(() -> {
			try (BufferedReader output = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = output.readLine()) != null) {
					lines.accept(line);
				}
			}
			catch (IOException ex) {
				// process ended
			}
			ended.run();
		}, threadName);
		reader.setDaemon(true);
		reader.start();
	}

}
