package dev.p2p.delivery;

import java.util.Locale;

/**
 * What a node promises about the packets of a type it sends ({@code p2p.delivery.mode},
 * {@code p2p.delivery.types.<TYPE>}).
 */
public enum DeliveryMode {

	/** Sent once, never resent: today's behaviour; the sender is told what may have been lost. */
	AT_MOST_ONCE,

	/** Kept until the peer acknowledged it, resent after a broken connection. */
	AT_LEAST_ONCE,

	/** At-least-once, and the receiver drops what it handled already (within one instance of it). */
	EXACTLY_ONCE;

	/**
	 * Whether packets are kept and resent until acknowledged.
	 * @return {@code true} for at-least-once and exactly-once
	 */
	public boolean isReliable() {
		return this != AT_MOST_ONCE;
	}

	/**
	 * The property value, such as {@code at-least-once}.
	 * @return the tag
	 */
	public String tag() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
