package dev.p2p.session;

import dev.p2p.event.DisconnectReason;
import dev.p2p.event.HandshakeFailure;
import dev.p2p.handshake.HandshakeCodec;
import dev.p2p.handshake.HandshakeExchange;
import dev.p2p.membership.BuiltInCommands;
import dev.p2p.membership.Heartbeat;
import dev.p2p.peer.Direction;
import dev.p2p.peer.SessionState;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;

/**
 * Routes the control frames of a connection, on its reader thread: handshake frames to the
 * handshake (when the state and direction allow them), PING and PONG to the heartbeat, built-in
 * commands and their replies to the membership layer, BYE to the close; any other control
 * frame is a protocol violation.
 */
final class ControlFrames {

	private final SessionLifecycle lifecycle;

	private final HandshakeExchange<DefaultPeerSession> handshake;

	private final Heartbeat<DefaultPeerSession> heartbeat;

	private final BuiltInCommands<DefaultPeerSession> builtIns;

	private final HandshakeCodec codec;

	private final NodeContext node;

	ControlFrames(NodeContext node, SessionLifecycle lifecycle, HandshakeExchange<DefaultPeerSession> handshake,
			Heartbeat<DefaultPeerSession> heartbeat, BuiltInCommands<DefaultPeerSession> builtIns, HandshakeCodec codec) {
		this.node = node;
		this.lifecycle = lifecycle;
		this.handshake = handshake;
		this.heartbeat = heartbeat;
		this.builtIns = builtIns;
		this.codec = codec;
	}

	/**
	 * Handle a control frame.
	 * @return {@code false} if the connection is closing and further frames are to be ignored
	 */
	boolean handle(DefaultPeerSession session, Frame frame) {
		boolean handshaking = session.getState() == SessionState.HANDSHAKING;
		boolean inbound = session.getDirection() == Direction.INBOUND;
		if (!handshaking && ControlCode.isMembership(frame.type())) {
			return membershipFrame(session, frame);
		}
		if (handshaking && inbound && frame.type() == ControlCode.DIAL_BACK_PROBE) {
			return dialBackProbe(session, frame);
		}
		if (handshaking && inbound && frame.type() == ControlCode.PUNCH_JOIN) {
			// a hole-punched connection names its session's token before the HELLO
			SessionExtension punch = this.node.extensions().forCode(frame.type());
			if (punch != null && punch.controlFrame(session, frame)) {
				return true;
			}
			this.handshake.fail(session, HandshakeFailure.DENIED_LOCALLY, "PUNCH_JOIN for no hole punch in progress");
			return false;
		}
		if (!handshaking && frame.type() == ControlCode.PATH_SWITCH) {
			PathSwitch.received(session, frame);
			return true;
		}
		SessionExtension extension = handshaking ? null : this.node.extensions().forCode(frame.type());
		if (extension != null) {
			return extension.controlFrame(session, frame);
		}
		switch (frame.type()) {
			case ControlCode.HELLO -> {
				if (handshaking && inbound) {
					return this.handshake.hello(session, frame.payload());
				}
			}
			case ControlCode.ACCEPT -> {
				if (handshaking && !inbound) {
					return this.handshake.accepted(session, frame.payload());
				}
			}
			case ControlCode.CHALLENGE -> {
				if (handshaking && !inbound) {
					return this.handshake.challenged(session, frame.payload());
				}
			}
			case ControlCode.PROOF -> {
				if (handshaking && inbound) {
					return this.handshake.proof(session, frame.payload());
				}
			}
			case ControlCode.DENY -> {
				if (handshaking && !inbound) {
					this.handshake.denied(session, frame.payload());
					return false;
				}
			}
			case ControlCode.BYE -> {
				if (handshaking && !inbound && this.codec.isDuplicate(frame.payload())
						&& this.codec.readNodeId(frame.payload()) != null) {
					// the listener made this connection active on HELLO, then kept another one between
					// the two nodes (docs/PROTOCOL.md §5.5, §5.7): the dial completes with that one,
					// as after a DENY {"duplicate":true}, instead of failing as a lost connection
					this.handshake.denied(session, frame.payload());
					return false;
				}
				if (session.closeReason == null) {
					session.closeReason = DisconnectReason.CLOSED_BY_PEER;
					session.closeDetail = "peer said goodbye: " + this.codec.readReason(frame.payload());
					session.handshakeFailure = HandshakeFailure.CONNECTION_LOST;
				}
				if (SessionHandover.byeReceived(session, this.codec.isDuplicate(frame.payload()), this.node)) {
					return false;
				}
				session.connection().close();
				return false;
			}
			default -> {
			}
		}
		String problem = ControlCode.describe(frame.type()) + " is not expected from an " + session.getDirection()
				.name()
				.toLowerCase() + " peer in state " + session.getState().name().toLowerCase();
		if (handshaking) {
			this.handshake.fail(session, HandshakeFailure.MALFORMED, problem);
		}
		else {
			this.lifecycle.close(session, DisconnectReason.PROTOCOL_ERROR, problem);
		}
		return false;
	}

	/**
	 * A dial-back probe is the only frame of its connection (sent instead of HELLO by a peer
	 * that checks this node's address): the extension that asked for it hears the nonce, and the
	 * connection ends without counting as a failed handshake.
	 */
	private boolean dialBackProbe(DefaultPeerSession session, Frame frame) {
		SessionExtension extension = this.node.extensions().forCode(frame.type());
		if (extension != null) {
			extension.controlFrame(session, frame);
		}
		session.dialBackProbe = true;
		session.connection().close();
		return false;
	}

	/**
	 * Handle PING, PONG, a built-in command or its reply, on this (the reader's) thread: each
	 * is answered or completed at once, without waiting for room in the send queue.
	 * @return {@code false} if the connection is closing
	 */
	private boolean membershipFrame(DefaultPeerSession session, Frame frame) {
		return switch (frame.type()) {
			case ControlCode.PING -> this.heartbeat.pinged(session, frame);
			case ControlCode.PONG -> this.heartbeat.ponged(session, frame);
			default -> {
				if (ControlCode.isBuiltInCommand(frame.type())) {
					Frame request = session.envelopes.request;
					session.envelopes.request = null;
					session.envelopes.trace = null;
					this.builtIns.commandReceived(session, request, frame);
				}
				else {
					Frame reply = session.envelopes.reply;
					session.envelopes.reply = null;
					session.envelopes.trace = null;
					this.builtIns.replyReceived(session, reply, frame);
				}
				yield true;
			}
		};
	}

}
