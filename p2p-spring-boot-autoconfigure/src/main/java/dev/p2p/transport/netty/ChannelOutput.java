package dev.p2p.transport.netty;

import java.io.OutputStream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;

/**
 * The stream one batch of frames is encoded into ({@code FrameEncoder}): its packed buffer is
 * copied into a pooled buffer, a large payload (which the encoder writes whole, straight from the
 * frame's array, and which frames never modify) is wrapped without a copy; {@link #send()} writes
 * and flushes it all as one message (one hand-off to the event loop). A failed write closes the
 * channel through its exception handler.
 */
final class ChannelOutput extends OutputStream {

	private final Channel channel;

	private final CompositeByteBuf batch;

	ChannelOutput(Channel channel) {
		this.channel = channel;
		this.batch = channel.alloc().compositeBuffer(1024);
	}

	@Override
	public void write(int b) {
		write(new byte[] { (byte) b }, 0, 1);
	}

	@Override
	public void write(byte[] payload) {
		this.batch.addComponent(true, Unpooled.wrappedBuffer(payload));
	}

	@Override
	public void write(byte[] bytes, int offset, int length) {
		ByteBuf buffer = this.channel.alloc().buffer(length);
		buffer.writeBytes(bytes, offset, length);
		this.batch.addComponent(true, buffer);
	}

	/** Write and flush what was encoded. */
	void send() {
		this.channel.writeAndFlush(this.batch, this.channel.voidPromise());
	}

	/** Drop what was encoded (the encoding failed). */
	void discard() {
		this.batch.release();
	}

}
