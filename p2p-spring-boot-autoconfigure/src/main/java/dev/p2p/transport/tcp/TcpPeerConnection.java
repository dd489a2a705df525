package dev.p2p.transport.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

import javax.net.ssl.SSLSession;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;
import org.springframework.messaging.Message;

import dev.p2p.transport.Connection;
import dev.p2p.transport.TimedWrites;
import dev.p2p.wire.Frame;

/**
 * A Spring Integration NET connection tuned for frames: input is read ahead through a buffer,
 * output batches are written without the per-connection output buffer the size of the socket's
 * send buffer that the parent class allocates, and the cause of a close is remembered so the
 * peer layer can report it (a clean end of stream is no cause).
 */
public class TcpPeerConnection extends TcpNetConnection implements Connection {

	private static final int READ_BUFFER_SIZE = 16 * 1024;

	private final Socket socket;

	private final TimedWrites writes = new TimedWrites();

	private final AtomicBoolean closeReported = new AtomicBoolean();

	private @Nullable InputStream input;

	private volatile @Nullable Throwable closeCause;

	private volatile @Nullable Object attachment;

	private volatile boolean endOfStream;

	private volatile boolean readingSkipped;

	private final FrameBatchSerializer serializer;

	TcpPeerConnection(Socket socket, boolean server, @Nullable ApplicationEventPublisher publisher,
			@Nullable String factoryName, FrameBatchSerializer serializer) {
		super(socket, server, false, publisher, factoryName);
		// the node reports every close itself (event, metric, a throttled log line); Spring
		// Integration's own ERROR line per failed read would let hostile peers flood the log
		setNoReadErrorOnClose(true);
		this.socket = socket;
		this.serializer = serializer;
	}

	@Override
	protected InputStream inputStream() throws IOException {
		InputStream in = this.input;
		if (in == null) {
			in = new ReadAheadInputStream(this.socket.getInputStream(), READ_BUFFER_SIZE);
			if (!(this.socket instanceof SSLSocket)) {
				// a TLS peer on a plaintext connection is reported as such, not as a bad frame
				in = new TlsRecordSniffer(in);
			}
			this.input = in;
		}
		return in;
	}

	/**
	 * Write a batch of frames (the message payload is a {@code List<Frame>}) with one flush.
	 * Failures close the connection and are rethrown.
	 */
	@Override
	@SuppressWarnings("unchecked")
	public void send(Message<?> message) {
		write((List<Frame>) message.getPayload());
	}

	/**
	 * Write frames now, on the calling thread, with as few system calls as possible. The
	 * connection's own serializer is used: frames may be queued as soon as the connection is
	 * announced, before the factory has configured the connection's mapper and serializer.
	 * @param frames the frames, written in order
	 * @throws UncheckedIOException if writing fails; the connection is then closed
	 */
	@Override
	public void write(List<Frame> frames) {
		this.writes.write(() -> this.serializer.serialize(frames, this.socket.getOutputStream()), (ex) -> {
			recordCloseCause(ex);
			closeConnection(true);
			// not Spring's MessagingException: what a sender finally sees must be the library's own
			IOException io = (ex instanceof IOException ioException) ? ioException
					: new IOException(ex.getMessage(), ex);
			return new UncheckedIOException("Write to " + describe() + " failed: " + ex.getMessage(), io);
		});
	}

	/**
	 * How long the write in progress has been blocked, for a watchdog: blocking sockets have no
	 * write timeout, and a peer that stops reading would otherwise hold the writer forever.
	 * @param now the current {@link System#nanoTime()}
	 * @return nanoseconds since the current write started, 0 when no write is in progress
	 */
	@Override
	public long writeBlockedNanos(long now) {
		return this.writes.blockedNanos(now);
	}

	@Override
	protected boolean handleReadException(Exception exception) {
		recordCloseCause(exception);
		return super.handleReadException(exception);
	}

	@Override
	public void skipReading() {
		this.readingSkipped = true;
	}

	/**
	 * Whether the engine asked for no reader ({@link #skipReading()}).
	 * @return {@code true} if no reader thread should be started
	 */
	boolean isReadingSkipped() {
		return this.readingSkipped;
	}

	/**
	 * Close because of a local decision, remembering why.
	 * @param cause why the connection is closed
	 */
	@Override
	public void close(Throwable cause) {
		recordCloseCause(cause);
		close();
	}

	private void recordCloseCause(Throwable cause) {
		// Spring Integration signals a clean end of stream with an exception: that is no cause,
		// and what happens after it (a local close) does not make it one
		if (cause instanceof SoftEndOfStreamException) {
			this.endOfStream = true;
		}
		if (this.closeCause == null && !this.endOfStream) {
			this.closeCause = (cause instanceof java.io.UncheckedIOException unchecked && unchecked.getCause() != null)
					? unchecked.getCause() : cause;
		}
	}

	/**
	 * Why the connection closed: the read or write failure, or the local reason.
	 * @return the cause, or {@code null} for a clean end of stream
	 */
	@Override
	public @Nullable Throwable closeCause() {
		return this.closeCause;
	}

	boolean markCloseReported() {
		return this.closeReported.compareAndSet(false, true);
	}

	/**
	 * Object the peer layer attached to this connection (its session).
	 * @return the attachment or {@code null}
	 */
	@Override
	public @Nullable Object attachment() {
		return this.attachment;
	}

	/**
	 * Attach the peer layer's state.
	 * @param attachment the session
	 */
	@Override
	public void attach(@Nullable Object attachment) {
		this.attachment = attachment;
	}

	/**
	 * Remote socket address.
	 * @return the address of the other end
	 */
	public InetSocketAddress getRemoteSocketAddress() {
		return (InetSocketAddress) this.socket.getRemoteSocketAddress();
	}

	/**
	 * Local socket address.
	 * @return the address of this end
	 */
	public InetSocketAddress getLocalSocketAddress() {
		return (InetSocketAddress) this.socket.getLocalSocketAddress();
	}

	@Override
	public String id() {
		return getConnectionId();
	}

	@Override
	public boolean isInbound() {
		return isServer();
	}

	@Override
	public InetSocketAddress remoteAddress() {
		return getRemoteSocketAddress();
	}

	@Override
	public InetSocketAddress localAddress() {
		return getLocalSocketAddress();
	}

	@Override
	public @Nullable SSLSession sslSession() {
		return getSslSession();
	}

	private String describe() {
		return String.valueOf(this.socket.getRemoteSocketAddress());
	}

}
