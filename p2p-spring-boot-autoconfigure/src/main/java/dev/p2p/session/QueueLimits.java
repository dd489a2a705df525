package dev.p2p.session;

/**
 * The limits of one peer's send or listener queue: what its items cost in heap, and how many
 * there may be. An item weighs its wire size plus a fixed overhead for the objects that hold it
 * while it waits, so a queue of small packets is bounded by what it really costs, not by its
 * payload bytes alone.
 *
 * @param bytes most weight queued at once (wire bytes plus the per-item overhead)
 * @param packets most items queued at once
 */
record QueueLimits(long bytes, int packets) {

	/**
	 * Heap a queued outbound frame costs beyond its wire bytes: the frame record and its payload
	 * array's header, the queue entry, the sender's future and the completion a caller attaches
	 * to it, and the list slots of the queue and its batch.
	 */
	static final int OUTBOUND_ITEM_OVERHEAD = 224;

	/**
	 * Heap a received frame waiting for listeners costs beyond its wire bytes: the frame record,
	 * its payload array's header and the list slots of the queue and its batch.
	 */
	static final int INBOUND_ITEM_OVERHEAD = 64;

	QueueLimits {
		if (bytes <= 0 || packets <= 0) {
			throw new IllegalArgumentException("Queue limits must be positive: " + bytes + " bytes, " + packets
					+ " packets");
		}
	}

}
