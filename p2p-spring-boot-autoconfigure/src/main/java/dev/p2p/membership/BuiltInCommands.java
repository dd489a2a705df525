package dev.p2p.membership;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.p2p.event.RejectionReason;
import dev.p2p.request.RequestReplies;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;
import dev.p2p.wire.RequestEnvelopes;

/**
 * Both sides of the built-in commands, on the reader thread: answers a GET_FUNCS or GET_PEERS
 * that followed a REQUEST with a REPLY and a FUNCS or PEERS frame (built from a snapshot, no
 * waiting for room in the send queue), and completes this node's own request when such a reply
 * arrives. The requests themselves are ordinary requests, so they share ids, timeouts and
 * metrics with application requests.
 *
 * @param <S> the engine's session type
 */
public final class BuiltInCommands<S extends MembershipSession> {

	private static final Log logger = LogFactory.getLog(BuiltInCommands.class);

	private final MembershipHost<S> node;

	private final RequestReplies<S> replies;

	/**
	 * Create the built-in commands.
	 * @param node what the answers are made of, and where rejections go
	 * @param replies the request layer's reply side
	 */
	public BuiltInCommands(MembershipHost<S> node, RequestReplies<S> replies) {
		this.node = node;
		this.replies = replies;
	}

	/**
	 * A built-in command arrived.
	 * @param session the peer that asked
	 * @param request the REQUEST that preceded it, {@code null} if none did
	 * @param command the GET_FUNCS or GET_PEERS frame
	 */
	public void commandReceived(S session, @Nullable Frame request, Frame command) {
		if (request == null) {
			this.node.rejected(session, command.type(), RejectionReason.MALFORMED_ENVELOPE,
					ControlCode.describe(command.type()) + " without the REQUEST that must precede it; not answered");
			return;
		}
		int id;
		try {
			id = RequestEnvelopes.idOf(request.payload());
		}
		catch (IllegalArgumentException ex) {
			this.node.rejected(session, request.type(), RejectionReason.MALFORMED_ENVELOPE, ex.getMessage());
			return;
		}
		// answered here and now, not through the listeners: no longer in flight whatever happens
		session.requestServed(id);
		if (!this.replies.announces(session, request, command)) {
			this.node.rejected(session, command.type(), RejectionReason.MALFORMED_ENVELOPE,
					"REQUEST " + id + " announced another frame than " + ControlCode.describe(command.type()));
			return;
		}
		Frame answer = (command.type() == ControlCode.GET_FUNCS)
				? new Frame(ControlCode.FUNCS, BuiltInPayloads.funcs(this.node.listenerTypes()))
				: new Frame(ControlCode.PEERS, BuiltInPayloads.peers(peersFor(session)));
		if (!session.offerNow(List.of(RequestEnvelopes.reply(id, answer), answer))) {
			logger.debug("No room to answer " + ControlCode.describe(command.type()) + " of '" + session.getNodeId()
					+ "'; its request will time out");
		}
	}

	/**
	 * This node's peers as the requester can reach them: loopback addresses only mean something
	 * to a requester on this host.
	 */
	private List<KnownPeer> peersFor(S requester) {
		List<KnownPeer> peers = this.node.knownPeers();
		if (requester.getRemoteAddress().getAddress().isLoopbackAddress()) {
			return peers;
		}
		return peers.stream().filter((peer) -> !isLoopback(peer.address().host())).toList();
	}

	private static boolean isLoopback(String host) {
		return host.startsWith("127.") || host.equals("::1") || host.equals("[::1]") || host.equalsIgnoreCase("localhost");
	}

	/**
	 * The reply to a built-in command arrived.
	 * @param session the peer that answered
	 * @param reply the REPLY that preceded it, {@code null} if none did
	 * @param answer the FUNCS or PEERS frame
	 */
	public void replyReceived(S session, @Nullable Frame reply, Frame answer) {
		if (reply == null) {
			this.node.rejected(session, answer.type(), RejectionReason.MALFORMED_ENVELOPE,
					ControlCode.describe(answer.type()) + " without the REPLY that must precede it; dropped");
			return;
		}
		if (this.replies.announces(session, reply, answer)) {
			this.replies.completed(session, reply, answer);
		}
		else {
			this.replies.replyFrameLost(session, reply);
		}
	}

}
