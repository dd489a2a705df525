package dev.p2p.transport.netty;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import org.jspecify.annotations.Nullable;

/**
 * The stream one batch of frames is encoded into ({@code FrameEncoder}). Given the connection's
 * socket (nothing of the connection is waiting in the event loop, see
 * {@link NettyConnection#write}), it writes each chunk to the socket itself, without blocking;
 * whatever the socket does not take at once, and everything after it, is copied into pooled
 * buffers that {@link #send} hands to the event loop as one message, so the bytes keep their
 * order. Without a socket everything goes to the event loop that way.
 *
 * <p>Hand-written for the round trip: handing a write to an idle event loop costs a thread
 * wake-up (measured as most of the difference between the {@code netty} transport's 64 B round
 * trip and the {@code tcp} transport's, where the sender writes its own packet to the socket).
 */
final class ChannelOutput extends OutputStream {

	/**
	 * Most bytes given to one socket write: the JDK copies a heap array into a temporary direct
	 * buffer it keeps per thread, so this bounds what a writing thread keeps (as the JDK's own
	 * socket streams do, 128 KiB).
	 */
	private static final int MAX_DIRECT_WRITE = 128 * 1024;

	private final Channel channel;

	private @Nullable SocketChannel socket;

	private @Nullable CompositeByteBuf rest;

	/**
	 * Create the stream of one batch.
	 * @param channel the channel
	 * @param socket the channel's socket to write to directly, or {@code null} to hand everything
	 * to the event loop
	 */
	ChannelOutput(Channel channel, @Nullable SocketChannel socket) {
		this.channel = channel;
		this.socket = socket;
	}

	@Override
	public void write(int b) throws IOException {
		write(new byte[] { (byte) b }, 0, 1);
	}

	@Override
	public void write(byte[] bytes, int offset, int length) throws IOException {
		int written = 0;
		SocketChannel direct = this.socket;
		if (direct != null) {
			written = writeDirectly(direct, bytes, offset, length);
			if (written < length) {
				// the socket's buffer is full: the rest waits for the event loop, in order
				this.socket = null;
			}
		}
		if (written < length) {
			ByteBuf buffer = this.channel.alloc().buffer(length - written);
			buffer.writeBytes(bytes, offset + written, length - written);
			rest().addComponent(true, buffer);
		}
	}

	private static int writeDirectly(SocketChannel socket, byte[] bytes, int offset, int length) throws IOException {
		int written = 0;
		while (written < length) {
			int slice = Math.min(length - written, MAX_DIRECT_WRITE);
			int n = socket.write(ByteBuffer.wrap(bytes, offset + written, slice));
			written += n;
			if (n < slice) {
				break;
			}
		}
		return written;
	}

	private CompositeByteBuf rest() {
		CompositeByteBuf buffers = this.rest;
		if (buffers == null) {
			buffers = this.channel.alloc().compositeBuffer(1024);
			this.rest = buffers;
		}
		return buffers;
	}

	/**
	 * What the socket did not take, to hand to the event loop.
	 * @return the bytes left, or {@code null} if everything was written
	 */
	@Nullable ByteBuf left() {
		return this.rest;
	}

	/** Drop what was encoded (the encoding failed). */
	void discard() {
		CompositeByteBuf buffers = this.rest;
		this.rest = null;
		if (buffers != null) {
			buffers.release();
		}
	}

}
