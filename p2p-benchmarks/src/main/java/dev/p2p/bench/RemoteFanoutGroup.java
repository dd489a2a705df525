package dev.p2p.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The measuring side of the out-of-process fan-out: a child JVM holds the receivers, this process the
 * hub. A window ends when the child reports that every receiver holds every packet, checked.
 */
final class RemoteFanoutGroup implements FanoutGroup {

	private final ChildJvm child;

	private final RemoteFanout.Hub hub;

	private long total;

	private RemoteFanoutGroup(ChildJvm child, RemoteFanout.Hub hub) {
		this.child = child;
		this.hub = hub;
	}

	/**
	 * Start the receivers of {@code variant} in a child JVM and connect a hub to them.
	 * @param variant the variant's name
	 * @param receivers how many receivers
	 * @param payloadSize bytes per packet
	 * @param peerFlags the run's flags for starter peers, passed on to the child
	 * @return the group
	 * @throws Exception if setting up fails; the child is stopped then
	 */
	static RemoteFanoutGroup open(String variant, int receivers, int payloadSize, List<String> peerFlags)
			throws Exception {
		List<String> args = new ArrayList<>(List.of(BenchmarkMain.FANOUT_RECEIVERS, variant,
				String.valueOf(receivers), String.valueOf(payloadSize)));
		args.addAll(peerFlags);
		ChildJvm child = ChildJvm.start(List.of(), args.toArray(String[]::new));
		RemoteFanout.Hub hub = null;
		try {
			String address = child.await("LISTENING ");
			hub = RemoteFanout.of(variant).connectHub(address, receivers, payloadSize);
			child.await("READY");
			return new RemoteFanoutGroup(child, hub);
		}
		catch (Exception | Error ex) {
			if (hub != null) {
				hub.close().close();
			}
			child.close();
			throw ex;
		}
	}

	@Override
	public long broadcastWindow(int packets) throws Exception {
		ReferenceVariant.checkCount(packets);
		long start = System.nanoTime();
		long first = this.total;
		this.total += packets;
		this.hub.sender().send(first, this.total);
		this.child.send("WAIT " + this.total);
		this.child.await("OK");
		long elapsed = System.nanoTime() - start;
		ReferenceVariant.throwIfFailed("sending", this.hub.sender().error());
		return elapsed;
	}

	@Override
	public void close() throws Exception {
		try {
			this.hub.close().close();
		}
		finally {
			this.child.close();
		}
	}

}
