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

	public boolean isPeerTag() {
		return this.peerTag;
	}

	public void setPeerTag(boolean peerTag) {
		this.peerTag = peerTag;
	}

}
