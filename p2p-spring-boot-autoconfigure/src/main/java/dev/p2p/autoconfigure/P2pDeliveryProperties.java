package dev.p2p.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import dev.p2p.delivery.DeliveryMode;

/**
 * Acknowledged delivery and resumable sessions ({@code p2p.delivery.*}, docs/PROTOCOL.md §16).
 * Off unless a mode is reliable or {@code enabled} is set: the node then behaves and puts on
 * the wire exactly what it did before.
 */
@ConfigurationProperties("p2p.delivery")
public class P2pDeliveryProperties {

	/**
	 * Delivery of the packet types without an override: at-most-once (sent once, lost if the
	 * connection breaks), at-least-once (kept until the peer acknowledged it and sent again
	 * after a reconnection) or exactly-once (at-least-once, and the receiver drops what it
	 * handled already, exact within one instance of the receiver).
	 */
	private DeliveryMode mode = DeliveryMode.AT_MOST_ONCE;

	/**
	 * Delivery per packet type name, overriding the mode (for example
	 * p2p.delivery.types.COMMAND=exactly-once beside cheap at-most-once telemetry).
	 */
	private Map<String, DeliveryMode> types = new LinkedHashMap<>();

	/**
	 * Whether the node announces acknowledged delivery even when every type is at-most-once:
	 * the peer then acknowledges, and this node reports the packets a broken connection may
	 * have lost (PacketsUndeliveredEvent). Implied by any reliable mode.
	 */
	private boolean enabled;

	/**
	 * Maximum time a suspended session (its connection lost) waits to be resumed by a redial;
	 * after it, its unacknowledged packets are given up (their futures fail with
	 * PacketsUndeliveredException and a PacketsUndeliveredEvent lists them).
	 */
	private Duration sessionExpiry = Duration.ofMinutes(2);

	private final Buffer buffer = new Buffer();

	private final Ack ack = new Ack();

	public DeliveryMode getMode() {
		return this.mode;
	}

	public void setMode(DeliveryMode mode) {
		this.mode = mode;
	}

	public Map<String, DeliveryMode> getTypes() {
		return this.types;
	}

	public void setTypes(Map<String, DeliveryMode> types) {
		this.types = types;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getSessionExpiry() {
		return this.sessionExpiry;
	}

	public void setSessionExpiry(Duration sessionExpiry) {
		this.sessionExpiry = sessionExpiry;
	}

	public Buffer getBuffer() {
		return this.buffer;
	}

	public Ack getAck() {
		return this.ack;
	}

	/** Bounds of the replay buffer, per peer. */
	public static class Buffer {

		/**
		 * Maximum bytes of unacknowledged packets kept per peer (frames with their headers);
		 * a full buffer makes senders wait up to p2p.send.timeout, then fail.
		 */
		private DataSize maxBytes = DataSize.ofMegabytes(8);

		/**
		 * Maximum number of unacknowledged packets kept per peer.
		 */
		private int maxPackets = 10_000;

		public DataSize getMaxBytes() {
			return this.maxBytes;
		}

		public void setMaxBytes(DataSize maxBytes) {
			this.maxBytes = maxBytes;
		}

		public int getMaxPackets() {
			return this.maxPackets;
		}

		public void setMaxPackets(int maxPackets) {
			this.maxPackets = maxPackets;
		}

	}

	/** When the receiver acknowledges. */
	public static class Ack {

		/**
		 * Longest time a handled packet waits for its acknowledgement when no more arrive.
		 */
		private Duration interval = Duration.ofMillis(200);

		/**
		 * Number of handled packets that makes the receiver acknowledge at once.
		 */
		private int threshold = 64;

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public int getThreshold() {
			return this.threshold;
		}

		public void setThreshold(int threshold) {
			this.threshold = threshold;
		}

	}

}
