package dev.p2p.bench;

/**
 * One sender connected to many receivers, sending each packet to all of them.
 */
public interface FanoutGroup extends AutoCloseable {

	/**
	 * Broadcast {@code packets} packets to every receiver and wait until all receivers hold
	 * all of them, each checked in order.
	 * @param packets packets in this window (each delivered to every receiver)
	 * @return nanoseconds from the first send until the last receiver holds the last packet
	 * @throws Exception if a packet is lost, reordered or corrupted, or the window times out
	 */
	long broadcastWindow(int packets) throws Exception;

}
