package dev.p2p.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

import dev.p2p.event.RejectionReason;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.peer.StreamOutcome;
import dev.p2p.stream.StreamHost;
import dev.p2p.stream.StreamInput;
import dev.p2p.stream.StreamSession;
import dev.p2p.wire.Frame;

/**
 * The node as the stream layer of one session sees it: each {@link DefaultPeerSession} has its
 * own, so the session the stream layer hands back is that one, with no cast.
 */
final class NodeStreamHost implements StreamHost {

	private final NodeContext node;

	private final DefaultPeerSession session;

	NodeStreamHost(NodeContext node, DefaultPeerSession session) {
		this.node = node;
		this.session = session;
	}

	@Override
	public String localNodeId() {
		return this.node.getNodeId();
	}

	@Override
	public PeerMetrics metrics() {
		return this.node.metrics;
	}

	@Override
	public PacketTypeRegistry packetTypes() {
		return this.node.packetTypes;
	}

	@Override
	public boolean acceptsStream(int typeCode) {
		return this.node.packetHandler.acceptsStream(typeCode);
	}

	@Override
	public Executor streamExecutor() {
		return this.node.threads().stream;
	}

	@Override
	public void send(StreamSession session, Frame frame, @Nullable CompletableFuture<Void> written) {
		this.node.sender.send(checked(session), frame, written);
	}

	@Override
	public @Nullable Throwable deliver(StreamSession session, StreamInput stream) {
		DefaultPeerSession peer = checked(session);
		return this.node.packetHandler.handleStream(peer, stream, new SessionResponder(this.node, peer, 0, null));
	}

	@Override
	public void streamFailed(StreamSession session, Enum<?> type, int streamId, boolean outbound,
			StreamOutcome outcome, String detail, long bytes, long nanos) {
		this.node.streamFailed(session, type, streamId, outbound, outcome, detail, bytes, nanos);
	}

	@Override
	public void rejected(StreamSession session, int typeCode, RejectionReason reason, String detail) {
		this.node.reportRejected(checked(session), typeCode, reason, detail);
	}

	@Override
	public boolean resumable(StreamSession session, Enum<?> type) {
		DeliveryHook delivery = this.node.delivery;
		return this.session.isDeliveryAgreed() && delivery != null && delivery.keepsStreams(type);
	}

	@Override
	public int nextStreamId(StreamSession session, int last) {
		return this.session.isDeliveryAgreed() ? this.node.streamCarry.nextId(this.session.getNodeId(), last) : last + 1;
	}

	private DefaultPeerSession checked(StreamSession given) {
		if (given != this.session) {
			throw new IllegalArgumentException("stream host of '" + this.session.getNodeId() + "' handed another session");
		}
		return this.session;
	}

}
