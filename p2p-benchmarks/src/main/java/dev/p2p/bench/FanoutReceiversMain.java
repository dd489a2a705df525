package dev.p2p.bench;

import java.io.BufferedReader;
import java.util.List;

/**
 * The child JVM of the out-of-process fan-out: starts a variant's receivers, prints
 * {@code LISTENING <address>} and, once all are connected, {@code READY}; then answers every
 * {@code WAIT <total>} line with {@code OK} once every receiver holds {@code total} packets, all
 * checked, or with {@code FAILED <reason>}. Ends when its standard input closes.
 */
final class FanoutReceiversMain {

	private static final long TIMEOUT_MILLIS = ReferenceVariant.TIMEOUT_MILLIS;

	private FanoutReceiversMain() {
	}

	/**
	 * Arguments: variant, receivers, payload size, then the run's flags ({@code --virtual-threads},
	 * {@code --metrics}) that apply to starter peers.
	 */
	static void main(String[] args) throws Exception {
		String variant = args[0];
		int receivers = Integer.parseInt(args[1]);
		int payloadSize = Integer.parseInt(args[2]);
		BenchmarkMain.applyPeerFlags(List.of(args).subList(3, args.length));
		RemoteFanout.Receivers listening;
		try {
			listening = RemoteFanout.of(variant).listenReceivers(receivers, payloadSize);
		}
		catch (Exception ex) {
			System.out.println("FAILED " + ex);
			throw ex;
		}
		try (AutoCloseable close = listening.close()) {
			System.out.println("LISTENING " + listening.address());
			Waits.until(listening.connected(), TIMEOUT_MILLIS, receivers + " connections");
			System.out.println("READY");
			serve(listening.receivers(), ChildJvm.parentInput());
		}
		catch (Exception ex) {
			System.out.println("FAILED " + ex);
			throw ex;
		}
		System.exit(0);
	}

	private static void serve(List<CheckedReceiver> receivers, BufferedReader parent) throws Exception {
		String line;
		while ((line = parent.readLine()) != null) {
			long total = Long.parseLong(line.substring("WAIT ".length()));
			Waits.until(() -> allReceived(receivers, total), TIMEOUT_MILLIS, "packet " + (total - 1) + " at every receiver");
			for (CheckedReceiver receiver : receivers) {
				receiver.verify(total);
			}
			System.out.println("OK");
		}
	}

	private static boolean allReceived(List<CheckedReceiver> receivers, long total) {
		for (CheckedReceiver receiver : receivers) {
			if (receiver.error != null) {
				return true;
			}
			if (receiver.checker.received() < total) {
				return false;
			}
		}
		return true;
	}

}
