package dev.p2p.autoconfigure;

import org.springframework.util.unit.DataSize;

/**
 * Packet listener execution.
 * <p>
 * Bound under {@code p2p.listener} as part of {@link P2pProperties}.
 */
public class P2pListenerProperties {

	/**
	 * Threads of the node's listener pool (used unless a bean named
	 * "p2pListenerExecutor" is defined). Packets of one peer are handled in order.
	 */
	private int threads = 8;

	/**
	 * Bytes of received packets that may wait for listeners per peer, each packet counting
	 * its wire size plus about 64 bytes for the objects that hold it; when full, reading
	 * from that peer pauses (TCP back-pressure).
	 */
	private DataSize queueCapacity = DataSize.ofMegabytes(8);

	/**
	 * Received packets that may wait for listeners per peer, whatever their size; when
	 * full, reading from that peer pauses like for queue-capacity.
	 */
	private int queuePackets = 65_536;

	public int getThreads() {
		return this.threads;
	}

	public void setThreads(int threads) {
		this.threads = threads;
	}

	public int getQueuePackets() {
		return this.queuePackets;
	}

	public void setQueuePackets(int queuePackets) {
		this.queuePackets = queuePackets;
	}

	public DataSize getQueueCapacity() {
		return this.queueCapacity;
	}

	public void setQueueCapacity(DataSize queueCapacity) {
		this.queueCapacity = queueCapacity;
	}

}
