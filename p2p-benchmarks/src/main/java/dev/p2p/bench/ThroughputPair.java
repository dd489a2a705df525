package dev.p2p.bench;

/**
 * A connected sender and receiver for one-way throughput.
 */
public interface ThroughputPair extends AutoCloseable {

	/**
	 * Send {@code packets} packets as fast as the variant allows and wait until the receiver
	 * has them all. Sequence numbers continue across windows. The receiver checks every
	 * packet: in order, right length, right sequence; the method fails if any check fails.
	 * @param packets packets in this window
	 * @return nanoseconds from the first send until the receiver holds the last packet
	 * @throws Exception if a packet is lost, reordered or corrupted, or the window times out
	 */
	long sendWindow(int packets) throws Exception;

}
