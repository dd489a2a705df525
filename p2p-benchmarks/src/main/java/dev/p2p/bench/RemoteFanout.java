package dev.p2p.bench;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A variant's fan-out split across two JVMs, so the figure is the sending node's cost: the
 * receivers listen in a child process ({@link FanoutReceiversMain}), the hub in the measuring process
 * dials them. Every variant's receivers are its own receivers, the same as in process.
 */
interface RemoteFanout {

	/**
	 * In the child: start listening for {@code receivers} connections, each one checked receiver.
	 * @param receivers how many connections to expect
	 * @param payloadSize bytes per packet
	 * @return the listening receivers
	 * @throws Exception if they do not start
	 */
	Receivers listenReceivers(int receivers, int payloadSize) throws Exception;

	/**
	 * In the measuring process: connect a hub to the receivers at {@code address}.
	 * @param address what {@link Receivers#address()} gave in the child
	 * @param receivers how many connections to open
	 * @param payloadSize bytes per packet
	 * @return the hub
	 * @throws Exception if it cannot connect
	 */
	Hub connectHub(String address, int receivers, int payloadSize) throws Exception;

	/**
	 * The out-of-process fan-out of the variant called {@code name}.
	 * @param name one of {@link BenchmarkMain#VARIANT_NAMES}
	 * @return its split
	 */
	static RemoteFanout of(String name) {
		return name.equals("starter") ? new StarterRemote() : (RemoteFanout) BenchmarkMain.variant(name);
	}

	/**
	 * Parse one {@code host:port} address.
	 * @param address the address
	 * @return the socket address
	 */
	static InetSocketAddress socketAddress(String address) {
		int colon = address.lastIndexOf(':');
		return new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
	}

	/**
	 * In-process windows over both halves: receivers and hub in this JVM, as the other scenarios run.
	 * @param parts the variant's halves
	 * @param receivers how many receivers
	 * @param payloadSize bytes per packet
	 * @param fanout whether this is a fan-out group rather than a throughput pair (messages)
	 * @return the windows
	 * @throws Exception if setting up fails; what was set up is closed then
	 */
	static PacketWindows inProcess(RemoteFanout parts, int receivers, int payloadSize, boolean fanout)
			throws Exception {
		Receivers listening = parts.listenReceivers(receivers, payloadSize);
		Runnable closeReceivers = () -> closeQuietly(listening.close());
		return ReferenceVariant.closeOnFailure(closeReceivers, () -> {
			Hub hub = parts.connectHub(listening.address(), receivers, payloadSize);
			Runnable close = () -> {
				closeQuietly(hub.close());
				closeReceivers.run();
			};
			return ReferenceVariant.closeOnFailure(close, () -> {
				Waits.until(listening.connected(), ReferenceVariant.TIMEOUT_MILLIS, "the receivers to accept");
				return new PacketWindows(hub.sender(), listening.receivers().toArray(CheckedReceiver[]::new),
						fanout ? " at every receiver" : "", close);
			});
		});
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			System.err.println("closing failed: " + ex);
		}
	}

	/**
	 * Receivers listening in the child.
	 * @param address where the hub dials them ({@code host:port}, or several, comma-separated)
	 * @param receivers one per connection, in no particular order
	 * @param connected whether all connections are established
	 * @param close closes them
	 */
	record Receivers(String address, List<CheckedReceiver> receivers, BooleanSupplier connected,
			AutoCloseable close) {
	}

	/**
	 * A hub connected to remote receivers.
	 * @param sender sends every packet to every receiver
	 * @param close closes the hub
	 */
	record Hub(PacketWindows.Sender sender, AutoCloseable close) {
	}

}
