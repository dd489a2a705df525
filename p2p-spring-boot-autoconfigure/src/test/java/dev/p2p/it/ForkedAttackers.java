package dev.p2p.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@link Attackers} in a JVM of their own, started (optionally pinned to CPUs with
 * {@code taskset}) and driven through their standard input.
 */
final class ForkedAttackers implements AutoCloseable {

	private final Process process;

	private final CompletableFuture<Void> ready = new CompletableFuture<>();

	private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

	private ForkedAttackers(Process process) {
		this.process = process;
	}

	/**
	 * Start the attackers of a port and wait until they are ready (paused).
	 * @param cpus the CPUs to pin them to ({@code taskset -c} syntax), or {@code null} for any
	 * @param port the attacked port
	 * @param key the network key the attacked node uses (some attacks prove with it)
	 * @return the attackers
	 */
	static ForkedAttackers start(String cpus, int port, String key) throws IOException {
		List<String> prefix = (cpus != null) ? List.of("taskset", "-c", cpus) : List.of();
		ForkedAttackers attackers = new ForkedAttackers(TestJvm.start(prefix, List.of("-Xmx128m"), Attackers.class,
				List.of(Integer.toString(port), key)));
		TestJvm.follow(attackers.process, "forked-attackers", attackers::line, () -> attackers.ready
			.completeExceptionally(new IllegalStateException("the attackers' JVM exited before it was ready")));
		try {
			attackers.ready.orTimeout(60, TimeUnit.SECONDS).join();
		}
		catch (RuntimeException ex) {
			attackers.close();
			throw ex;
		}
		return attackers;
	}

	private void line(String line) {
		if (line.startsWith(Attackers.READY)) {
			this.ready.complete(null);
		}
		else if (line.startsWith(Attackers.REPLY)) {
			this.replies.add(line.substring(Attackers.REPLY.length()).trim());
		}
		else {
			System.out.println("[attackers] " + line);
		}
	}

	/** Start or resume both attacks. */
	void attack() throws IOException, InterruptedException {
		command("attack");
	}

	/** Stop both attacks and close every slow connection. */
	void pause() throws IOException, InterruptedException {
		command("pause");
	}

	/** What the attackers did so far. */
	Status status() throws IOException, InterruptedException {
		return Status.parse(command("status"));
	}

	private synchronized String command(String line) throws IOException, InterruptedException {
		this.replies.clear();
		OutputStream in = this.process.getOutputStream();
		in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
		in.flush();
		String reply = this.replies.poll(30, TimeUnit.SECONDS);
		if (reply == null) {
			throw new IllegalStateException("the attackers gave no answer to '" + line + "'"
					+ (this.process.isAlive() ? "" : " (exited with " + this.process.exitValue() + ")"));
		}
		return reply;
	}

	/** Ends the attackers: their standard input closes, they stop, and they are killed if they linger. */
	@Override
	public void close() {
		try {
			this.process.getOutputStream().close();
			if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (IOException ex) {
			this.process.destroyForcibly();
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Counts of the attackers.
	 * @param opened slow connections opened
	 * @param cut slow connections the attacked node closed
	 * @param attempts hostile connections made
	 * @param kinds hostile connections by kind
	 */
	record Status(int opened, int cut, int attempts, String kinds) {

		static Status parse(String reply) {
			String[] words = reply.split(" ", 4);
			return new Status(value(words[0]), value(words[1]), value(words[2]), words[3].substring("kinds=".length()));
		}

		private static int value(String word) {
			return Integer.parseInt(word.substring(word.indexOf('=') + 1));
		}

	}

}
