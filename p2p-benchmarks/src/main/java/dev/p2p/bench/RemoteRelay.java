package dev.p2p.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The relay node of a relayed scenario, in a child JVM ({@link RelayNodeMain}): where the two
 * nodes take their reservations, and how much CPU the relay spent (its process's CPU time,
 * sampled around each window the scenario measures).
 */
final class RemoteRelay implements AutoCloseable {

	private final ChildJvm child;

	private final int port;

	private RemoteRelay(ChildJvm child, int port) {
		this.child = child;
		this.port = port;
	}

	/**
	 * Start the relay's JVM and wait until it listens.
	 * @param peerFlags the run's flags for starter peers ({@code --virtual-threads}, {@code --delivery=}, ...)
	 */
	static RemoteRelay start(List<String> peerFlags) throws IOException {
		List<String> args = new ArrayList<>(List.of(BenchmarkMain.RELAY_NODE));
		args.addAll(peerFlags);
		ChildJvm child = ChildJvm.start(List.of(), args.toArray(String[]::new));
		try {
			return new RemoteRelay(child, Integer.parseInt(child.await("LISTENING ").trim()));
		}
		catch (IOException | RuntimeException ex) {
			closeQuietly(child);
			throw ex;
		}
	}

	int port() {
		return this.port;
	}

	/** Wait until the relay's JIT compiler has been idle for a second (at most 20 s). */
	void awaitQuietCompiler() throws IOException {
		this.child.send("QUIET");
		this.child.await("OK");
	}

	/** Wait until no node holds a reservation: the nodes of the scenario before are gone. */
	void awaitNoReservations() throws IOException {
		this.child.send("EMPTY");
		this.child.await("OK");
	}

	/** Wait until these nodes hold reservations on the relay. */
	void awaitReservations(String... nodeIds) throws IOException {
		this.child.send("RESERVED " + String.join(",", nodeIds));
		this.child.await("OK");
	}

	/** Fresh samples of the relay's CPU, for the windows of one scenario. */
	CpuSamples cpuSamples() {
		return new CpuSamples(this::cpuNanos);
	}

	/** The relay process's CPU time so far. */
	private long cpuNanos() {
		this.child.send("CPU");
		try {
			return Long.parseLong(this.child.await("CPU ").trim());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.child.close();
	}

	private static void closeQuietly(ChildJvm child) {
		try {
			child.close();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
