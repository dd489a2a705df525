package dev.p2p.bench;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/** The client side of the round trip; confined to its event loop. */
final class NettyRoundTripClient extends ByteToMessageDecoder {

	private final byte[] template;

	private ChannelHandlerContext context;

	private CompletableFuture<long[]> done;

	private long[] times;

	private int completed;

	private long sequence;

	private long sentAt;

	NettyRoundTripClient(int payloadSize) {
		this.template = ReferenceVariant.template(payloadSize);
	}

	@Override
	public void handlerAdded(ChannelHandlerContext context) {
		this.context = context;
	}

	void start(int count, CompletableFuture<long[]> done) {
		if (this.done != null && !this.done.isDone()) {
			done.completeExceptionally(new IllegalStateException("round trips already running"));
			return;
		}
		this.done = done;
		this.times = new long[count];
		this.completed = 0;
		if (count == 0) {
			done.complete(this.times);
			return;
		}
		if (!this.context.channel().isActive()) {
			done.completeExceptionally(new IllegalStateException("connection closed"));
			return;
		}
		try {
			send();
		}
		catch (RuntimeException | Error ex) {
			done.completeExceptionally(ex);
		}
	}

	private void send() {
		this.sentAt = System.nanoTime();
		this.context.writeAndFlush(NettyFrames.frame(this.context.alloc(), this.template, this.sequence),
				this.context.voidPromise());
	}

	@Override
	protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
		int frameLength;
		while ((frameLength = NettyFrames.completeFrame(in, in.readerIndex(), in.readableBytes())) > 0) {
			long now = System.nanoTime();
			int length = frameLength - ReferenceVariant.HEADER_SIZE;
			long sequence = in.getLongLE(in.readerIndex() + ReferenceVariant.HEADER_SIZE);
			in.skipBytes(frameLength);
			CompletableFuture<long[]> done = this.done;
			if (done == null || done.isDone()) {
				fail(new IllegalStateException("unexpected reply " + sequence));
				return;
			}
			IllegalStateException wrong = ReferenceVariant.wrongReply(this.sequence, this.template.length, sequence,
					length);
			if (wrong != null) {
				fail(wrong);
				return;
			}
			this.times[this.completed++] = now - this.sentAt;
			this.sequence++;
			if (this.completed == this.times.length) {
				done.complete(this.times);
			}
			else {
				send();
			}
		}
	}

	private void fail(Throwable cause) {
		CompletableFuture<long[]> done = this.done;
		if (done != null) {
			done.completeExceptionally(cause);
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext context) throws Exception {
		fail(new IllegalStateException("connection closed"));
		super.channelInactive(context);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
		fail(cause);
		context.close();
	}

}
