package dev.p2p.handshake;

import java.util.concurrent.ScheduledFuture;

import javax.net.ssl.SSLSession;

import org.jspecify.annotations.Nullable;

import dev.p2p.event.DisconnectReason;
import dev.p2p.event.HandshakeFailure;
import dev.p2p.peer.PeerIdentity;
import dev.p2p.peer.PeerSession;
import dev.p2p.wire.Frame;

/**
 * A session as the handshake sees it: where its frames go, the state the exchange keeps on
 * it, and what is recorded for its end. Implemented by the session engine.
 */
public interface HandshakeSession extends PeerSession {

	/**
	 * Queue a handshake frame.
	 * @param frame the frame
	 */
	void sendHandshake(Frame frame);

	/**
	 * Record who the peer says it is.
	 * @param peer its identity
	 */
	void identify(PeerIdentity peer);

	/**
	 * The TLS session of the connection, for the allow-list.
	 * @return the TLS session, {@code null} on plain TCP
	 */
	@Nullable SSLSession sslSession();

	/**
	 * Close the connection now, without a goodbye.
	 */
	void closeConnection();

	/**
	 * Arm the handshake's timeout.
	 * @param timer the scheduled timeout
	 */
	void handshakeTimer(ScheduledFuture<?> timer);

	/**
	 * Cancel the handshake's timeout, if armed.
	 */
	void cancelHandshakeTimer();

	/**
	 * The network-key exchange in progress.
	 * @return the exchange, {@code null} without a network key
	 */
	@Nullable KeyExchange keyExchange();

	/**
	 * Start a network-key exchange.
	 * @param exchange the exchange
	 */
	void keyExchange(KeyExchange exchange);

	/**
	 * Why the handshake failed, if it did.
	 * @return the failure, or {@code null}
	 */
	@Nullable HandshakeFailure handshakeFailure();

	/**
	 * Record why the handshake failed.
	 * @param failure the failure, {@code null} for a refusal that is no failure (a duplicate)
	 * @param detail what happened
	 */
	void handshakeFailed(@Nullable HandshakeFailure failure, String detail);

	/**
	 * Why the session is closing, as recorded so far.
	 * @return the reason, or {@code null}
	 */
	@Nullable DisconnectReason closeReason();

	/**
	 * Record why the session is closing.
	 * @param reason the reason
	 * @param detail the details, {@code null} to keep the recorded ones
	 */
	void closing(DisconnectReason reason, @Nullable String detail);

	/**
	 * The recorded details of the session's end.
	 * @return the details, empty if none
	 */
	String closeDetail();

	/**
	 * Replace the recorded details of the session's end.
	 * @param detail the details
	 */
	void closeDetail(String detail);

	/**
	 * Record whether both sides announced acknowledged delivery (docs/PROTOCOL.md §16).
	 * @param agreed {@code true} if this node and the peer both announced it
	 */
	default void deliveryAgreed(boolean agreed) {
	}

	/**
	 * Whether both sides announced acknowledged delivery.
	 * @return {@code true} once agreed in the handshake
	 */
	default boolean isDeliveryAgreed() {
		return false;
	}

}
