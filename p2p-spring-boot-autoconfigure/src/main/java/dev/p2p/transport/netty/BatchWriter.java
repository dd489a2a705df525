package dev.p2p.transport.netty;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import org.jspecify.annotations.Nullable;

import dev.p2p.transport.tcp.FrameBatchSerializer;
import dev.p2p.wire.Frame;

/**
 * Writes the batches of one {@link NettyConnection}, one at a time (its caller serializes them),
 * keeping their bytes in order: on a plaintext NIO channel a lone packet goes to the socket from
 * the writing thread, without blocking, while nothing handed to the event loop is still unwritten
 * ({@link ChannelOutput}); everything else, and whatever the socket did not take, is handed to
 * the event loop, flushed once, and counted until written.
 */
final class BatchWriter {

	/**
	 * Batches of at most this many frames are written to the socket by the writing thread: a lone
	 * packet (with its envelope frames), where waking the event loop would cost the round trip.
	 * Larger batches are what a session's writer drains while packets follow each other fast; the
	 * event loop writes them while the writer encodes the next one.
	 */
	static final int DIRECT_WRITE_MAX_FRAMES = 4;

	private final Channel channel;

	private final FrameBatchSerializer serializer;

	/** The socket a writer writes to itself (plaintext NIO channels), or {@code null}. */
	private final @Nullable SocketChannel socket;

	/** Writes handed to the event loop and not written yet (counted only with {@link #socket}). */
	private final AtomicInteger handedOver = new AtomicInteger();

	private final GenericFutureListener<Future<? super Void>> handedOverWritten = this::handedOverWritten;

	private final Consumer<Throwable> writeFailed;

	/**
	 * Create the writer of a channel.
	 * @param channel the channel
	 * @param plaintext whether the channel carries no TLS (only then may a writer write to the socket)
	 * @param serializer encodes the batches
	 * @param writeFailed closes the connection after a write the event loop made failed
	 */
	BatchWriter(Channel channel, boolean plaintext, FrameBatchSerializer serializer, Consumer<Throwable> writeFailed) {
		this.channel = channel;
		this.serializer = serializer;
		this.socket = (plaintext && channel instanceof DirectNioSocketChannel nio) ? nio.socket() : null;
		this.writeFailed = writeFailed;
	}

	/**
	 * Write one batch.
	 * @param frames the frames
	 * @throws IOException if encoding or a write to the socket fails
	 */
	void write(List<Frame> frames) throws IOException {
		// straight to the socket only while nothing handed to the event loop is still unwritten
		// (writes are one at a time, so none can be handed over meanwhile)
		boolean direct = frames.size() <= DIRECT_WRITE_MAX_FRAMES && this.handedOver.get() == 0;
		ChannelOutput output = new ChannelOutput(this.channel, direct ? this.socket : null);
		try {
			this.serializer.serialize(frames, output);
		}
		catch (IOException | RuntimeException ex) {
			output.discard();
			throw ex;
		}
		ByteBuf left = output.left();
		if (left != null) {
			handOver(left);
		}
	}

	/**
	 * Write bytes that must precede everything else through the event loop, counted, so that a
	 * batch written next cannot overtake them by going to the socket directly.
	 * @param first the bytes
	 */
	void writeFirst(byte[] first) {
		handOver(Unpooled.wrappedBuffer(first));
	}

	/**
	 * Write and flush on the event loop; with a socket of its own, count the bytes in flight until
	 * they are written (or failed) so that no direct write overtakes them. A failed write closes
	 * the channel, as the void promise's failure does through the pipeline.
	 */
	private void handOver(ByteBuf bytes) {
		if (this.socket == null) {
			this.channel.writeAndFlush(bytes, this.channel.voidPromise());
			return;
		}
		this.handedOver.incrementAndGet();
		this.channel.writeAndFlush(bytes).addListener(this.handedOverWritten);
	}

	private void handedOverWritten(Future<? super Void> written) {
		this.handedOver.decrementAndGet();
		if (!written.isSuccess()) {
			this.writeFailed.accept(written.cause());
		}
	}

}
