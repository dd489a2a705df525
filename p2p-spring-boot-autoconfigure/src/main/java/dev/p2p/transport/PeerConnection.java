package dev.p2p.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

import dev.p2p.wire.Frame;

/**
 * A Spring Integration NET connection tuned for frames: input is read ahead through a buffer,
 * output batches are written without the per-connection output buffer the size of the socket's
 * send buffer that the parent class allocates, and the cause of a close is remembered so the
 * peer layer can report it.
 */
public class PeerConnection extends TcpNetConnection {

	private static final int READ_BUFFER_SIZE = 16 * 1024;

	private final Socket socket;

	private final ReentrantLock writeLock = new ReentrantLock();

	private final AtomicBoolean closeReported = new AtomicBoolean();

	private @Nullable InputStream input;

	private volatile @Nullable Throwable closeCause;

	private volatile @Nullable Object attachment;

	private volatile long writeStartedNanos;

	private final FrameBatchSerializer serializer;

	PeerConnection(Socket socket, boolean server, @Nullable ApplicationEventPublisher publisher,
			@Nullable String factoryName, FrameBatchSerializer serializer) {
		// no publisher: Spring Integration would log a WARN line per connection event without one
		super(socket, server, false, (publisher != null) ? publisher : (event) -> {
		}, factoryName);
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
	 * @throws MessagingException if writing fails; the connection is then closed
	 */
	public void write(List<Frame> frames) {
		this.writeLock.lock();
		try {
			this.writeStartedNanos = System.nanoTime() | 1;
			this.serializer.serialize(frames, this.socket.getOutputStream());
			this.writeStartedNanos = 0;
		}
		catch (IOException | RuntimeException ex) {
			recordCloseCause(ex);
			closeConnection(true);
			throw new MessagingException("Write to " + describe() + " failed: " + ex.getMessage(), ex);
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * How long the write in progress has been blocked, for a watchdog: blocking sockets have no
	 * write timeout, and a peer that stops reading would otherwise hold the writer forever.
	 * @param now the current {@link System#nanoTime()}
	 * @return nanoseconds since the current write started, 0 when no write is in progress
	 */
	public long writeBlockedNanos(long now) {
		long started = this.writeStartedNanos;
		return (started == 0) ? 0 : now - started;
	}

	@Override
	protected boolean handleReadException(Exception exception) {
		recordCloseCause(exception);
		return super.handleReadException(exception);
	}

	/**
	 * Close because of a local decision, remembering why.
	 * @param cause why the connection is closed
	 */
	public void close(Throwable cause) {
		recordCloseCause(cause);
		close();
	}

	private void recordCloseCause(Throwable cause) {
		if (this.closeCause == null) {
			this.closeCause = (cause instanceof java.io.UncheckedIOException unchecked && unchecked.getCause() != null)
					? unchecked.getCause() : cause;
		}
	}

	/**
	 * Why the connection closed: the read or write failure, or the local reason.
	 * @return the cause, or {@code null} for a clean end of stream
	 */
	public @Nullable Throwable getCloseCause() {
		return this.closeCause;
	}

	boolean markCloseReported() {
		return this.closeReported.compareAndSet(false, true);
	}

	/**
	 * Object the peer layer attached to this connection (its session).
	 * @return the attachment or {@code null}
	 */
	public @Nullable Object getAttachment() {
		return this.attachment;
	}

	/**
	 * Attach the peer layer's state.
	 * @param attachment the session
	 */
	public void setAttachment(@Nullable Object attachment) {
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

	private String describe() {
		return String.valueOf(this.socket.getRemoteSocketAddress());
	}

}
