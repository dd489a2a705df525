package dev.p2p.bench;

import java.io.IOException;
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

	/** Per window: the relay's CPU nanoseconds, then the packets and payload bytes it relayed. */
	private final List<long[]> windows = new ArrayList<>();

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

	/** Wait until these nodes hold reservations on the relay. */
	void awaitReservations(String... nodeIds) throws IOException {
		this.child.send("RESERVED " + String.join(",", nodeIds));
		this.child.await("OK");
	}

	/** The relay process's CPU time so far. */
	long cpuNanos() throws IOException {
		this.child.send("CPU");
		return Long.parseLong(this.child.await("CPU ").trim());
	}

	/**
	 * Measure the relay's CPU around a window of the scenario.
	 * @param packets packets the window relays
	 * @param payloadSize bytes of each packet's payload
	 * @param window runs the window
	 * @return what the window returns
	 */
	<T> T window(long packets, int payloadSize, Window<T> window) throws Exception {
		long before = cpuNanos();
		T result = window.run();
		this.windows.add(new long[] { cpuNanos() - before, packets, packets * payloadSize });
		return result;
	}

	/**
	 * The relay's CPU per relayed packet and per relayed payload byte in each of the last
	 * windows (the measured ones; the windows before them are warm-ups).
	 * @param count how many windows
	 * @return {@code [ns per packet..., ns per byte...]} as two arrays, {@code null} without windows
	 */
	double[][] lastWindows(int count) {
		int from = Math.max(0, this.windows.size() - count);
		List<long[]> last = this.windows.subList(from, this.windows.size());
		if (last.isEmpty()) {
			return null;
		}
		double[][] perPacketAndByte = new double[2][last.size()];
		for (int i = 0; i < last.size(); i++) {
			long[] window = last.get(i);
			perPacketAndByte[0][i] = (double) window[0] / window[1];
			perPacketAndByte[1][i] = (double) window[0] / window[2];
		}
		return perPacketAndByte;
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

	/** A window of a scenario. */
	interface Window<T> {

		T run() throws Exception;

	}

}
