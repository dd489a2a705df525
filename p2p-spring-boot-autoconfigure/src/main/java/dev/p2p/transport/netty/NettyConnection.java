package dev.p2p.transport.netty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLSession;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import org.jspecify.annotations.Nullable;

import dev.p2p.transport.Connection;
import dev.p2p.transport.ConnectionHandler;
import dev.p2p.transport.TimedWrites;
import dev.p2p.transport.tcp.FrameBatchSerializer;
import dev.p2p.wire.Frame;

/**
 * One Netty channel as the engine sees it. Writes go one at a time to its {@link BatchWriter}
 * (a lone packet on a plaintext connection straight to the socket, the rest through the event
 * loop, in order). A writer that is not the event loop first waits while the channel is
 * not writable (more than its high-water mark was not taken by the peer yet), and that wait is
 * what {@link #writeBlockedNanos} reports to the engine's watchdog. On the event loop a write never waits. Closing flushes what was
 * written first. Reading is paused and resumed through {@link FrameReader}.
 */
public final class NettyConnection implements Connection {

	private static final long WRITABLE_WAIT_SLICE_MILLIS = 100;


	private static final long CLOSE_GRACE_MILLIS = 2000;

	private final Channel channel;

	private final boolean inbound;

	private final @Nullable SslHandler ssl;

	private final String id;

	private final ConnectionHandler handler;

	private final TimedWrites writes = new TimedWrites();

	private final AtomicBoolean closeReported = new AtomicBoolean();

	private final Object writability = new Object();

	private final BatchWriter batches;

	private @Nullable FrameReader reader;

	private volatile @Nullable InetSocketAddress remote;

	private volatile @Nullable InetSocketAddress local;

	private volatile @Nullable Throwable closeCause;

	private volatile @Nullable Object attachment;

	// guarded by this
	private boolean opened;

	private boolean inactive;

	NettyConnection(Channel channel, boolean inbound, @Nullable SslHandler ssl, String id, ConnectionHandler handler,
			FrameBatchSerializer serializer) {
		this.channel = channel;
		this.inbound = inbound;
		this.ssl = ssl;
		this.id = id;
		this.handler = handler;
		this.batches = new BatchWriter(channel, ssl == null, serializer, this::close);
	}

	void reader(FrameReader frameReader) {
		this.reader = frameReader;
	}

	/**
	 * Tell the engine about the connection (the accepting event loop, or the dialling thread),
	 * then start reading; a close that came first is reported after it.
	 */
	void opened() {
		this.remote = (InetSocketAddress) this.channel.remoteAddress();
		this.local = (InetSocketAddress) this.channel.localAddress();
		this.handler.connectionOpened(this);
		boolean closedMeanwhile;
		synchronized (this) {
			this.opened = true;
			closedMeanwhile = this.inactive;
		}
		if (closedMeanwhile) {
			reportClosed();
		}
		else if (!this.inbound) {
			resumeReading();
		}
	}

	/** The channel closed (event loop): reported once the engine knows the connection. */
	void inactive() {
		boolean report;
		synchronized (this) {
			this.inactive = true;
			report = this.opened;
		}
		synchronized (this.writability) {
			this.writability.notifyAll();
		}
		if (report) {
			reportClosed();
		}
	}

	private void reportClosed() {
		if (this.closeReported.compareAndSet(false, true)) {
			this.handler.connectionClosed(this);
		}
	}

	void writabilityChanged() {
		synchronized (this.writability) {
			this.writability.notifyAll();
		}
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public boolean isInbound() {
		return this.inbound;
	}

	@Override
	public InetSocketAddress remoteAddress() {
		InetSocketAddress address = this.remote;
		return (address != null) ? address : (InetSocketAddress) this.channel.remoteAddress();
	}

	@Override
	public InetSocketAddress localAddress() {
		InetSocketAddress address = this.local;
		return (address != null) ? address : (InetSocketAddress) this.channel.localAddress();
	}

	@Override
	public void write(List<Frame> frames) {
		this.writes.write(() -> {
			if (!this.channel.eventLoop().inEventLoop()) {
				// before writing: a write that finds room returns at once (so a sender writing its
				// own packet when the channel is writable never waits), and what the peer has not
				// taken is bounded by the high-water mark plus one batch
				awaitWritable();
			}
			if (!this.channel.isActive()) {
				throw closed();
			}
			this.batches.write(frames);
		}, (ex) -> {
			recordCause(ex);
			closeAfterPendingWrites();
			IOException io = (ex instanceof IOException ioException) ? ioException : new IOException(ex.getMessage(), ex);
			return new UncheckedIOException("Write to " + remoteAddress() + " failed: " + ex.getMessage(), io);
		});
	}

	/**
	 * Write the bytes that must precede everything else on a connection taken over (such as a
	 * PUNCH_JOIN), before the engine is told about it, so that the HELLO cannot overtake them.
	 * @param first the bytes
	 */
	void writeFirst(byte[] first) {
		this.batches.writeFirst(first);
	}

	/** Back-pressure: wait while the peer has not taken what was written (never on the event loop). */
	private void awaitWritable() throws IOException {
		synchronized (this.writability) {
			while (this.channel.isActive() && !this.channel.isWritable()) {
				try {
					this.writability.wait(WRITABLE_WAIT_SLICE_MILLIS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IOException("Interrupted while waiting for " + remoteAddress() + " to read", ex);
				}
			}
		}
		if (!this.channel.isActive()) {
			throw closed();
		}
	}

	private IOException closed() {
		Throwable cause = this.closeCause;
		IOException closed = new ClosedChannelException();
		if (cause != null) {
			closed.initCause(cause);
		}
		return closed;
	}

	@Override
	public long writeBlockedNanos(long now) {
		return this.writes.blockedNanos(now);
	}

	@Override
	public boolean canWriteWithoutWaiting() {
		return this.channel.isWritable() || this.channel.eventLoop().inEventLoop();
	}

	@Override
	public boolean readsOnEventLoop() {
		return true;
	}

	@Override
	public void pauseReading() {
		FrameReader frames = this.reader;
		if (frames == null) {
			return;
		}
		if (this.channel.eventLoop().inEventLoop()) {
			frames.pause();
		}
		else {
			this.channel.eventLoop().execute(frames::pause);
		}
	}

	@Override
	public void resumeReading() {
		FrameReader frames = this.reader;
		if (frames != null) {
			// always a task of its own: the reader may be inside its delivery loop right now
			this.channel.eventLoop().execute(frames::resume);
		}
	}

	@Override
	public void close() {
		closeAfterPendingWrites();
	}

	@Override
	public void close(Throwable cause) {
		recordCause(cause);
		closeAfterPendingWrites();
	}

	/**
	 * Close as a task of the event loop, even on the event loop itself, so that a write another
	 * thread handed over just before (a DENY, a BYE) is not overtaken; what is still waiting in
	 * the channel for the socket is flushed first, for at most {@value #CLOSE_GRACE_MILLIS} ms (a
	 * blocking socket's close comes after its last write, too). After a failure, or while a writer
	 * waits on a peer that does not read (the watchdog), the channel closes at once.
	 */
	private void closeAfterPendingWrites() {
		try {
			this.channel.eventLoop().execute(this::closeOnEventLoop);
		}
		catch (RejectedExecutionException ex) {
			// the event loops are stopping
			this.channel.close();
		}
	}

	private void closeOnEventLoop() {
		ChannelOutboundBuffer pending = this.channel.unsafe().outboundBuffer();
		boolean abort = this.closeCause != null || this.writes.blockedNanos(System.nanoTime()) > 0;
		if (abort || !this.channel.isActive() || pending == null || pending.totalPendingWriteBytes() == 0) {
			this.channel.close();
			return;
		}
		this.channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
		this.channel.eventLoop().schedule(() -> this.channel.close(), CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
	}

	/** The channel's event loop (tests keep it busy). */
	EventLoop eventLoop() {
		return this.channel.eventLoop();
	}

	/**
	 * When the channel has closed.
	 * @return the channel's close future
	 */
	ChannelFuture closeFuture() {
		return this.channel.closeFuture();
	}

	void recordCause(Throwable cause) {
		if (this.closeCause == null) {
			Throwable actual = (cause instanceof UncheckedIOException unchecked && unchecked.getCause() != null)
					? unchecked.getCause() : cause;
			this.closeCause = actual;
		}
	}

	@Override
	public @Nullable Throwable closeCause() {
		return this.closeCause;
	}

	@Override
	public boolean isOpen() {
		return this.channel.isOpen();
	}

	@Override
	public @Nullable SSLSession sslSession() {
		SslHandler handler = this.ssl;
		return (handler != null) ? handler.engine().getSession() : null;
	}

	@Override
	public @Nullable Object attachment() {
		return this.attachment;
	}

	@Override
	public void attach(@Nullable Object attachment) {
		this.attachment = attachment;
	}

	@Override
	public String toString() {
		return "NettyConnection[" + this.id + ", " + remoteAddress() + "]";
	}

}
