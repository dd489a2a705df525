package dev.p2p.session;

import org.jspecify.annotations.Nullable;

import dev.p2p.handshake.HandshakeCodec;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;

/**
 * The DENY frames of connections refused on accept. A flood of refused connections mostly hits
 * one limit with one reason (every handshaking slot taken, say), so the last frame is kept and
 * reused while the reason and the node id stay the same, instead of encoding the same JSON for
 * every connection. Frames are immutable once built; the cache is a single volatile reference,
 * safe for any number of accepting threads.
 */
final class DenyFrames {

	private final HandshakeCodec codec;

	private volatile @Nullable Cached last;

	DenyFrames(HandshakeCodec codec) {
		this.codec = codec;
	}

	/**
	 * The DENY frame for a reason.
	 * @param reason the reason the peer is told
	 * @param nodeId this node's id
	 * @return the frame (possibly shared: never modify it)
	 */
	Frame deny(String reason, String nodeId) {
		Cached cached = this.last;
		if (cached != null && cached.reason.equals(reason) && cached.nodeId.equals(nodeId)) {
			return cached.frame;
		}
		Frame frame = new Frame(ControlCode.DENY, this.codec.writeReason(reason, nodeId, false));
		this.last = new Cached(reason, nodeId, frame);
		return frame;
	}

	private record Cached(String reason, String nodeId, Frame frame) {

	}

}
