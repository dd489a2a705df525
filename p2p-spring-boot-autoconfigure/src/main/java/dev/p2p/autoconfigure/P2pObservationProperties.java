package dev.p2p.autoconfigure;

/**
 * Micrometer observations (tracing) of sending and handling packets.
 * <p>
 * Bound under {@code p2p.observation} as part of {@link P2pProperties}.
 */
public class P2pObservationProperties {

	/**
	 * Whether sending a packet and handling it in listeners are observed through the
	 * ObservationRegistry, with the trace context sent to the peer before each packet (a
	 * TRACE control frame). Off by default: it costs time and bytes per packet.
	 */
	private boolean enabled;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
