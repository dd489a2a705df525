package dev.p2p.session;

import java.util.Collection;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.p2p.event.DisconnectReason;
import dev.p2p.event.RejectionReason;
import dev.p2p.membership.KnownPeer;
import dev.p2p.membership.ListenerType;
import dev.p2p.membership.MembershipHost;

/**
 * The node as the request and membership layers see it: rejections, refusals, closing a
 * session, and the snapshots built-in commands answer with. The layers depend on this
 * interface, never on the engine's classes.
 */
final class NodeMembershipHost implements MembershipHost<DefaultPeerSession> {

	private static final Log logger = LogFactory.getLog(NodeMembershipHost.class);

	private final NodeContext node;

	private final SessionLifecycle lifecycle;

	NodeMembershipHost(NodeContext node, SessionLifecycle lifecycle) {
		this.node = node;
		this.lifecycle = lifecycle;
	}

	@Override
	public String localNodeId() {
		return this.node.getNodeId();
	}

	@Override
	public void rejected(DefaultPeerSession session, int typeCode, RejectionReason reason, String detail) {
		this.lifecycle.rejected(session, typeCode, reason, detail);
	}

	@Override
	public void refuse(DefaultPeerSession session, int requestId, String errorType, String problem) {
		NodeThreads threads = this.node.threads;
		if (threads == null) {
			return;
		}
		threads.listener.execute(() -> {
			try {
				this.node.sender.replyError(session, requestId, errorType, problem);
			}
			catch (RuntimeException ex) {
				logger.debug("ERROR to '" + session.getNodeId() + "' not sent: " + ex.getMessage());
			}
		});
	}

	@Override
	public Collection<DefaultPeerSession> activeSessions() {
		return this.node.sessions.activeSessions();
	}

	@Override
	public void close(DefaultPeerSession session, DisconnectReason reason, String detail) {
		this.lifecycle.close(session, reason, detail);
	}

	@Override
	public List<ListenerType> listenerTypes() {
		return this.node.directory().listenerTypes();
	}

	@Override
	public List<KnownPeer> knownPeers() {
		return this.node.directory().knownPeers();
	}

}
