package dev.p2p.session;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLSession;

import org.jspecify.annotations.Nullable;

import dev.p2p.transport.Connection;
import dev.p2p.wire.Frame;

/**
 * A {@link Connection} without a socket: it records what the engine writes, so the engine's
 * pieces can be tested without the network.
 */
final class MemoryConnection implements Connection {

	final List<Frame> written = new CopyOnWriteArrayList<>();

	private final boolean inbound;

	private final InetSocketAddress remote;

	private volatile boolean open = true;

	/** Whether the peer stopped reading: a write then blocks until the connection closes. */
	private volatile boolean peerStalled;

	private volatile long writeBlockedSince;

	private volatile @Nullable Throwable closeCause;

	private volatile @Nullable Object attachment;

	MemoryConnection(boolean inbound, int remotePort) {
		this.inbound = inbound;
		this.remote = new InetSocketAddress("127.0.0.1", remotePort);
	}

	@Override
	public String id() {
		return "memory:" + this.remote.getPort();
	}

	@Override
	public boolean isInbound() {
		return this.inbound;
	}

	@Override
	public InetSocketAddress remoteAddress() {
		return this.remote;
	}

	@Override
	public InetSocketAddress localAddress() {
		return new InetSocketAddress("127.0.0.1", 1);
	}

	/** The peer stops reading: from now on a write blocks, as on a socket, until the connection closes. */
	void peerStopsReading() {
		this.peerStalled = true;
	}

	@Override
	public void write(List<Frame> frames) {
		if (this.peerStalled) {
			blockUntilClosed();
		}
		if (!this.open) {
			throw new IllegalStateException("closed");
		}
		this.written.addAll(frames);
	}

	private synchronized void blockUntilClosed() {
		this.writeBlockedSince = System.nanoTime();
		try {
			while (this.open) {
				wait();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.writeBlockedSince = 0;
		}
	}

	@Override
	public long writeBlockedNanos(long now) {
		long since = this.writeBlockedSince;
		return (since != 0) ? now - since : 0;
	}

	@Override
	public synchronized void close() {
		this.open = false;
		notifyAll();
	}

	@Override
	public void close(Throwable cause) {
		this.closeCause = cause;
		close();
	}

	@Override
	public @Nullable Throwable closeCause() {
		return this.closeCause;
	}

	@Override
	public boolean isOpen() {
		return this.open;
	}

	@Override
	public @Nullable SSLSession sslSession() {
		return null;
	}

	@Override
	public @Nullable Object attachment() {
		return this.attachment;
	}

	@Override
	public void attach(@Nullable Object attachment) {
		this.attachment = attachment;
	}

}
