package dev.p2p.transport;

import java.net.InetSocketAddress;
import java.util.List;

import javax.net.ssl.SSLSession;

import org.jspecify.annotations.Nullable;

import dev.p2p.wire.Frame;

/**
 * One connection to a peer, as the session engine sees it: something that writes frames,
 * closes with a cause, and carries the engine's state. A {@link Transport} makes them and
 * reports what happens on them to its {@link ConnectionHandler}. Implementations: TCP (and
 * TLS) in {@code dev.p2p.transport.tcp}; others (a relay circuit tunnelled through another
 * session, a compatibility profile) implement the same contract.
 * <p>
 * Contract: {@link #write(List)} may be called from any thread, one call at a time per
 * connection is enough (the engine has one writer per session) but implementations must be
 * safe when called concurrently; a failed write closes the connection, and the handler hears
 * {@link ConnectionHandler#connectionClosed(Connection)} exactly once, whatever closed it.
 */
public interface Connection {

	/**
	 * An identifier unique among this transport's connections, for logs.
	 * @return the connection id
	 */
	String id();

	/**
	 * Whether the other end dialled us (accepted by the server) rather than we dialled it.
	 * @return {@code true} for an accepted connection
	 */
	boolean isInbound();

	/**
	 * Address of the other end.
	 * @return the remote address
	 */
	InetSocketAddress remoteAddress();

	/**
	 * Address of this end.
	 * @return the local address
	 */
	InetSocketAddress localAddress();

	/**
	 * Write frames now, on the calling thread, in order, with as few system calls as the
	 * transport allows.
	 * @param frames the frames
	 * @throws RuntimeException if writing fails; the connection is then closed with that cause
	 */
	void write(List<Frame> frames);

	/**
	 * How long the write in progress has been blocked, for the engine's watchdog (a peer that
	 * stops reading would otherwise hold the writer forever).
	 * @param now the current {@link System#nanoTime()}
	 * @return nanoseconds since the current write started, 0 when no write is in progress
	 */
	long writeBlockedNanos(long now);

	/**
	 * Close without a local reason (a clean close, or the engine has already reported why).
	 */
	void close();

	/**
	 * The engine will read nothing from this connection (it was refused before its first byte
	 * and closes once its last frame is written): the transport need not spend a reader on it.
	 * Call before the handler's {@code connectionOpened} returns; later it may have no effect.
	 */
	default void skipReading() {
	}

	/**
	 * Whether frames are read on an event loop shared with other connections, so that
	 * {@link ConnectionHandler#framesReceived} must never block: instead of waiting for room,
	 * the engine then calls {@link #pauseReading()} and later {@link #resumeReading()}. A
	 * transport with a reader thread per connection answers {@code false} and may be blocked.
	 * @return {@code true} for an event-loop transport
	 */
	default boolean readsOnEventLoop() {
		return false;
	}

	/**
	 * Whether a {@link #write} made now on the calling thread returns without waiting for the
	 * peer to take earlier writes: the engine lets a sender write its own packet (saving a hand-off
	 * to the writer) only then, on event-loop transports.
	 * @return {@code true} if a write would not wait
	 */
	default boolean canWriteWithoutWaiting() {
		return true;
	}

	/**
	 * Stop reading from the peer (back-pressure) once the frames of the current read are handed
	 * on; called on the thread that delivers frames. No-op where the reader may block instead.
	 */
	default void pauseReading() {
	}

	/**
	 * Read again after {@link #pauseReading()}; may be called from any thread.
	 */
	default void resumeReading() {
	}

	/**
	 * Close because of a local decision, remembering why.
	 * @param cause why the connection is closed
	 */
	void close(Throwable cause);

	/**
	 * Why the connection closed: the read or write failure, or the local reason.
	 * @return the cause, or {@code null} for a clean end of stream (or while open)
	 */
	@Nullable Throwable closeCause();

	/**
	 * Whether the connection is still open.
	 * @return {@code false} once closed
	 */
	boolean isOpen();

	/**
	 * The TLS session, for the allow-list's certificate checks.
	 * @return the session, or {@code null} when the connection is not TLS
	 */
	@Nullable SSLSession sslSession();

	/**
	 * The engine's state attached to this connection (its session).
	 * @return the attachment or {@code null}
	 */
	@Nullable Object attachment();

	/**
	 * Attach the engine's state.
	 * @param attachment the session, or {@code null} to detach
	 */
	void attach(@Nullable Object attachment);

}
