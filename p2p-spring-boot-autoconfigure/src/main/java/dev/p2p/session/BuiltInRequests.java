package dev.p2p.session;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import dev.p2p.membership.BuiltInCommand;
import dev.p2p.membership.BuiltInPayloads;
import dev.p2p.membership.KnownPeer;
import dev.p2p.membership.ListenerType;
import dev.p2p.peer.PeerSession;
import dev.p2p.peer.RemotePacketException;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;

/**
 * The built-in commands a node asks its peers (GET_FUNCS for their listener types, GET_PEERS for
 * the peers they know), sent as requests on a {@link SessionSender} and answered by the peer's
 * membership layer with FUNCS and PEERS.
 */
public final class BuiltInRequests {

	private final SessionSender sender;

	BuiltInRequests(SessionSender sender) {
		this.sender = sender;
	}

	/**
	 * Ask a peer which packet types it has listeners for (the built-in GET_FUNCS command).
	 * @param session an established session
	 * @param timeout how long to wait for the answer
	 * @return completes with the peer's listener types; fails like {@link SessionSender#request}
	 */
	public CompletableFuture<List<ListenerType>> requestListenerTypes(PeerSession session, Duration timeout) {
		return this.sender.request(session, BuiltInCommand.GET_FUNCS, null, new Frame(ControlCode.GET_FUNCS, new byte[0]), timeout,
				(reply) -> BuiltInPayloads.readFuncs(builtInReply(session, reply, ControlCode.FUNCS)));
	}

	/**
	 * Ask a peer which peers it is connected to (the built-in GET_PEERS command).
	 * @param session an established session
	 * @param timeout how long to wait for the answer
	 * @return completes with the peer's peers; fails like {@link SessionSender#request}
	 */
	public CompletableFuture<List<KnownPeer>> requestKnownPeers(PeerSession session, Duration timeout) {
		return this.sender.request(session, BuiltInCommand.GET_PEERS, null, new Frame(ControlCode.GET_PEERS, new byte[0]), timeout,
				(reply) -> BuiltInPayloads.readPeers(builtInReply(session, reply, ControlCode.PEERS)));
	}

	private static byte[] builtInReply(PeerSession session, @Nullable Frame reply, int expected) {
		if (reply == null || reply.type() != expected) {
			throw new RemotePacketException(session.getNodeId(), "UnexpectedReply", "expected "
					+ ControlCode.describe(expected) + ", got " + ((reply != null) ? ControlCode.describe(reply.type())
							: "an empty reply"));
		}
		return reply.payload();
	}

}
