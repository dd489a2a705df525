package dev.p2p.compat;

/**
 * Counts what the compatibility profiles refuse, by profile and reason (the auto-configuration
 * backs it with Micrometer as {@code p2p.compat.refused}). The engine's own meters count the
 * rest: a profile's peers are sessions like any other.
 */
@FunctionalInterface
public interface CompatMetrics {

	/** Counts nothing. */
	CompatMetrics NONE = (profile, reason) -> {
	};

	/**
	 * Count a refusal.
	 * @param profile {@code peerpy} or {@code pnet}
	 * @param reason a short tag, such as {@code raw-refused}
	 */
	void refused(String profile, String reason);

}
