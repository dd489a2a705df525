package dev.p2p.bench;

/**
 * One implementation under test (the starter, raw Netty, plain sockets, RSocket, Spring Integration IP).
 * Each factory method sets up fresh endpoints on loopback with ephemeral ports; the caller closes them.
 */
public interface Variant {

	/**
	 * Short name used in the output: one of {@link BenchmarkMain#VARIANT_NAMES} or
	 * {@link StarterVariant#RELIABLE_VARIANTS}.
	 * @return the name
	 */
	String name();

	/**
	 * One sender and one receiver, connected.
	 * @param payloadSize bytes per packet (at least 8: the first 8 bytes carry the sequence number)
	 * @return the pair
	 * @throws Exception if setting up fails
	 */
	ThroughputPair throughputPair(int payloadSize) throws Exception;

	/**
	 * A client and a server that answers every request with a reply of the same size.
	 * @param payloadSize bytes per request and reply
	 * @return the pair
	 * @throws Exception if setting up fails
	 */
	RoundTripPair roundTripPair(int payloadSize) throws Exception;

	/**
	 * One sender connected to {@code receivers} receivers.
	 * @param receivers how many receivers
	 * @param payloadSize bytes per packet
	 * @return the group
	 * @throws Exception if setting up fails
	 */
	FanoutGroup fanoutGroup(int receivers, int payloadSize) throws Exception;

}
