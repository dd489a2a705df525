package dev.p2p.bench;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Feeds the senders of one hub from their (shared) event loop: turn by turn, each writable
 * sender writes up to {@link NettyVariant#FLUSH_EVERY} frames and flushes, until every sender has
 * written the whole window or cannot take more; an unwritable sender resumes when its
 * channel becomes writable again. Confined to the client event loop except for
 * {@link #error} and what the measuring thread calls.
 */
final class NettyBroadcaster implements PacketWindows.Sender {

	private final FrameSender[] senders;

	volatile Throwable error;

	private Channel hub;

	private boolean pumping;

	private boolean pumpAgain;

	NettyBroadcaster(int payloadSize, int channels) {
		byte[] template = ReferenceVariant.template(payloadSize);
		this.senders = new FrameSender[channels];
		for (int i = 0; i < channels; i++) {
			this.senders[i] = new FrameSender(this, template);
		}
	}

	/** Connect every sender; the first channel is the hub whose event loop (shared by all) pumps. */
	void connect(NettyEndpoints endpoints) throws InterruptedException {
		for (FrameSender sender : this.senders) {
			Channel channel = endpoints.connect(sender);
			if (this.hub == null) {
				this.hub = channel;
			}
		}
	}

	@Override
	public void send(long first, long end) {
		int packets = (int) (end - first);
		this.hub.eventLoop().execute(() -> extend(packets));
	}

	@Override
	public Throwable error() {
		return this.error;
	}

	void extend(int packets) {
		for (FrameSender sender : this.senders) {
			sender.end += packets;
		}
		pump();
	}

	/** Write what the channels take; re-entered from flush through writability changes. */
	void pump() {
		if (this.pumping) {
			this.pumpAgain = true;
			return;
		}
		this.pumping = true;
		try {
			do {
				this.pumpAgain = false;
				boolean progress = true;
				while (progress) {
					progress = false;
					for (FrameSender sender : this.senders) {
						progress |= sender.writeBatch();
					}
				}
			}
			while (this.pumpAgain);
		}
		finally {
			this.pumping = false;
		}
	}

	/** The sending end of one client channel. */
	static final class FrameSender extends ChannelInboundHandlerAdapter {

		private final NettyBroadcaster broadcaster;

		private final byte[] template;

		private ChannelHandlerContext context;

		private long next;

		long end;

		FrameSender(NettyBroadcaster broadcaster, byte[] template) {
			this.broadcaster = broadcaster;
			this.template = template;
		}

		@Override
		public void handlerAdded(ChannelHandlerContext context) {
			this.context = context;
		}

		/**
		 * Write up to {@link NettyVariant#FLUSH_EVERY} frames while the channel is writable, then flush.
		 * @return whether a frame was written and more are due
		 */
		boolean writeBatch() {
			ChannelHandlerContext context = this.context;
			Channel channel = context.channel();
			int written = 0;
			while (written < NettyVariant.FLUSH_EVERY && this.next < this.end && channel.isWritable()) {
				context.write(NettyFrames.frame(context.alloc(), this.template, this.next++), context.voidPromise());
				written++;
			}
			if (written > 0) {
				context.flush();
			}
			return written > 0 && this.next < this.end;
		}

		@Override
		public void channelWritabilityChanged(ChannelHandlerContext context) {
			if (context.channel().isWritable()) {
				this.broadcaster.pump();
			}
			context.fireChannelWritabilityChanged();
		}

		@Override
		public void channelInactive(ChannelHandlerContext context) {
			if (this.next < this.end && this.broadcaster.error == null) {
				this.broadcaster.error = new IllegalStateException("connection closed with packets unsent");
			}
			context.fireChannelInactive();
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
			this.broadcaster.error = cause;
			context.close();
		}

	}

}
