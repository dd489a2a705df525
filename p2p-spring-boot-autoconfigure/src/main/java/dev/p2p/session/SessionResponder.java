package dev.p2p.session;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.p2p.event.RejectionReason;
import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.wire.Frame;

/**
 * The {@link PacketResponder} of one inbound packet: a request is answered once (the first
 * reply or error wins, {@link #complete} sends an empty REPLY if nothing came); a plain
 * packet's replies are packets of their own.
 */
final class SessionResponder implements PacketResponder {

	private static final Log logger = LogFactory.getLog(SessionResponder.class);

	private final NodeContext node;

	private final DefaultPeerSession session;

	/** The request's id, or {@code null} for a plain packet. */
	private final @Nullable Integer requestId;

	/** The packet's type code, for rejections. */
	private final int typeCode;

	private final AtomicBoolean answered = new AtomicBoolean();

	SessionResponder(NodeContext node, DefaultPeerSession session, int typeCode, @Nullable Integer requestId) {
		this.node = node;
		this.session = session;
		this.typeCode = typeCode;
		this.requestId = requestId;
	}

	@Override
	public void reply(Enum<?> type, byte[] payload) {
		Integer id = this.requestId;
		if (id != null && !this.answered.compareAndSet(false, true)) {
			return;
		}
		Frame frame = new Frame(this.node.packetTypes.codeOf(type), payload);
		try {
			this.node.observations.observeSend(type, this.session.getNodeId(), (trace) -> {
				if (id != null) {
					this.node.sender.reply(this.session, id, trace, frame);
				}
				else {
					this.node.sender.send(this.session, trace, frame, null);
				}
				return null;
			});
		}
		catch (PeerNotConnectedException ex) {
			logger.debug("Reply to '" + this.session.getNodeId() + "' not sent: " + ex.getMessage());
		}
	}

	@Override
	public void replyError(String exceptionType, String message) {
		Integer id = this.requestId;
		if (id != null && this.answered.compareAndSet(false, true)) {
			sendQuietly(() -> this.node.sender.replyError(this.session, id, exceptionType, message));
		}
	}

	@Override
	public void complete() {
		Integer id = this.requestId;
		if (id != null && this.answered.compareAndSet(false, true)) {
			sendQuietly(() -> this.node.sender.reply(this.session, id, null, null));
		}
	}

	@Override
	public void reject(RejectionReason reason, String detail) {
		this.node.reportRejected(this.session, this.typeCode, reason, detail);
	}

	@Override
	public void listenerFailed(Enum<?> type, String listener, Throwable exception) {
		this.node.reportListenerFailure(this.session, type, listener, exception);
	}

	/** Sends an ERROR or an empty REPLY; a failure is logged, as there is nobody to tell. */
	private void sendQuietly(Runnable sending) {
		try {
			sending.run();
		}
		catch (RuntimeException ex) {
			logger.warn("Answer to a request from '" + this.session.getNodeId() + "' not sent: " + ex.getMessage());
		}
	}

}
