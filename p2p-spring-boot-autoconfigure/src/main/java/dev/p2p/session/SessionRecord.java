package dev.p2p.session;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import dev.p2p.event.DisconnectReason;
import dev.p2p.event.HandshakeFailure;
import dev.p2p.handshake.HandshakeSession;
import dev.p2p.handshake.KeyExchange;

/**
 * What the engine records about a session's connection while it is admitted, handshakes and
 * closes: the dial it answers, the connection gate's admission, the handshake timer and key
 * exchange, and why and how it ended. The accessors are the handshake's view of them; the rest
 * of {@link HandshakeSession} is the session's own ({@link DefaultPeerSession}).
 */
abstract class SessionRecord implements HandshakeSession {

	// bookkeeping of the node, guarded by the node's handling of this connection's events
	volatile @Nullable ScheduledFuture<?> handshakeTimer;

	volatile @Nullable DialRequest dialRequest;

	volatile @Nullable DisconnectReason closeReason;

	volatile @Nullable HandshakeFailure handshakeFailure;

	volatile String closeDetail = "";

	/** The network-key exchange in progress, when the node has a key (handshake only). */
	volatile @Nullable KeyExchange keyExchange;

	/** Whether the connection gate counted this inbound connection (released when it closes). */
	volatile boolean admitted;

	/** Whether this inbound connection counts against the gate's handshaking limits. */
	final AtomicBoolean holdsHandshakeSlot = new AtomicBoolean();

	/** When the gate admitted this inbound connection into a handshaking slot. */
	volatile long handshakeAdmittedNanos;

	/** Whether the connection carried a dial-back probe instead of a HELLO (not a failure). */
	volatile boolean dialBackProbe;

	@Override
	public void handshakeTimer(ScheduledFuture<?> timer) {
		this.handshakeTimer = timer;
	}

	@Override
	public void cancelHandshakeTimer() {
		ScheduledFuture<?> timer = this.handshakeTimer;
		if (timer != null) {
			timer.cancel(false);
		}
	}

	@Override
	public @Nullable KeyExchange keyExchange() {
		return this.keyExchange;
	}

	@Override
	public void keyExchange(KeyExchange exchange) {
		this.keyExchange = exchange;
	}

	@Override
	public @Nullable HandshakeFailure handshakeFailure() {
		return this.handshakeFailure;
	}

	@Override
	public void handshakeFailed(@Nullable HandshakeFailure failure, String detail) {
		this.handshakeFailure = failure;
		this.closeDetail = detail;
	}

	@Override
	public @Nullable DisconnectReason closeReason() {
		return this.closeReason;
	}

	@Override
	public void closing(DisconnectReason reason, @Nullable String detail) {
		this.closeReason = reason;
		if (detail != null) {
			this.closeDetail = detail;
		}
	}

	@Override
	public String closeDetail() {
		return this.closeDetail;
	}

	@Override
	public void closeDetail(String detail) {
		this.closeDetail = detail;
	}

}
