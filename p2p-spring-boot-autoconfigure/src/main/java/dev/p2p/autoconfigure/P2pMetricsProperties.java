package dev.p2p.autoconfigure;

/**
 * Micrometer meters (recorded when there is a MeterRegistry bean).
 * <p>
 * Bound under {@code p2p.metrics} as part of {@link P2pProperties}.
 */
public class P2pMetricsProperties {

	/**
	 * Whether packet and byte counters carry a "peer" tag with the peer's node id. Off by
	 * default: it makes one time series per peer.
	 */
	private boolean peerTag;

	/**
	 * Time one @PacketListener invocation in this many for the p2p.listener.duration timer: 1
	 * times every invocation, 0 none. Timing costs two clock reads per invocation, a third of an
	 * event loop's time with inline listeners at millions of small packets per second; a larger
	 * interval keeps a sample of listener times for a fraction of that (the timer then counts
	 * only the timed invocations; p2p.packets.received counts them all).
	 */
	private int listenerTimingInterval = 1;

	public boolean isPeerTag() {
		return this.peerTag;
	}

	public void setPeerTag(boolean peerTag) {
		this.peerTag = peerTag;
	}

	public int getListenerTimingInterval() {
		return this.listenerTimingInterval;
	}

	public void setListenerTimingInterval(int listenerTimingInterval) {
		this.listenerTimingInterval = listenerTimingInterval;
	}

}
