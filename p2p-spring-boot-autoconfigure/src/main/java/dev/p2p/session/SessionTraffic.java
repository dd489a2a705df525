package dev.p2p.session;

import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

import dev.p2p.event.RejectionReason;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.peer.PeerSession;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;

/**
 * What one session moved: packets and bytes each way, when the peer was last heard from, and
 * the rejections counted per kind; reported to the metrics as it happens.
 */
final class SessionTraffic {

	private final PeerSession session;

	private final PeerMetrics metrics;

	private volatile long packetsIn;

	private volatile long bytesIn;

	private volatile long packetsOut;

	private volatile long bytesOut;

	private volatile long lastSeenMillis = System.currentTimeMillis();

	private final AtomicLongArray rejections = new AtomicLongArray(RejectionReason.values().length);

	SessionTraffic(PeerSession session, PeerMetrics metrics) {
		this.session = session;
		this.metrics = metrics;
	}

	long packetsIn() {
		return this.packetsIn;
	}

	long bytesIn() {
		return this.bytesIn;
	}

	long packetsOut() {
		return this.packetsOut;
	}

	long bytesOut() {
		return this.bytesOut;
	}

	long lastSeenMillis() {
		return this.lastSeenMillis;
	}

	/** Bytes were read from the peer: it is alive. Reader thread only. */
	void read(long bytes) {
		this.bytesIn += bytes;
		this.metrics.bytesReceived(this.session, bytes);
		this.lastSeenMillis = System.currentTimeMillis();
	}

	/** Frames were written. Writer only. */
	void written(List<Frame> frames, long bytes) {
		this.bytesOut += bytes;
		countByType(frames, true);
		this.metrics.bytesSent(this.session, bytes);
	}

	/** Frames were received. Reader thread only. */
	void received(List<Frame> frames) {
		countByType(frames, false);
	}

	/**
	 * Count a rejected packet.
	 * @return {@code true} if it is the first of this kind from this session
	 */
	boolean firstRejection(RejectionReason reason) {
		return this.rejections.incrementAndGet(reason.ordinal()) == 1;
	}

	/**
	 * Counts application packets, and reports frames to the metrics in runs of one type: one
	 * call per run, not per frame.
	 */
	private void countByType(List<Frame> frames, boolean sent) {
		int runType = frames.get(0).type();
		int run = 0;
		for (int i = 0, n = frames.size(); i < n; i++) {
			int type = frames.get(i).type();
			if (type != runType) {
				countRun(runType, run, sent);
				runType = type;
				run = 0;
			}
			run++;
		}
		countRun(runType, run, sent);
	}

	private void countRun(int type, int count, boolean sent) {
		if (!ControlCode.isReserved(type)) {
			if (sent) {
				this.packetsOut += count;
			}
			else {
				this.packetsIn += count;
			}
		}
		if (sent) {
			this.metrics.packetsSent(this.session, type, count);
		}
		else {
			this.metrics.packetsReceived(this.session, type, count);
		}
	}

}
