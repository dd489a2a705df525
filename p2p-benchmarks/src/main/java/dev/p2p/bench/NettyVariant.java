package dev.p2p.bench;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;

/**
 * Raw Netty 4.2 on loopback (epoll when available, NIO otherwise): the hand-written reference.
 */
public final class NettyVariant implements Variant {

	/** Type code of every data frame. */
	static final int DATA_TYPE = 13;

	/** Type and length, four little-endian bytes each. */
	static final int HEADER_SIZE = 8;

	/** Largest payload accepted; the largest frame is this plus the header (16 MiB + 8). */
	static final int MAX_PAYLOAD = 16 * 1024 * 1024;

	/** Frames written on one channel between two flushes. */
	static final int FLUSH_EVERY = 32;

	private static final long TIMEOUT_MILLIS = 120_000;

	private static final boolean EPOLL = Epoll.isAvailable();

	@Override
	public String name() {
		return "netty";
	}

	@Override
	public ThroughputPair throughputPair(int payloadSize) throws Exception {
		checkPayloadSize(payloadSize);
		Endpoints endpoints = new Endpoints();
		try {
			List<FrameReceiver> receivers = new CopyOnWriteArrayList<>();
			endpoints.listen(new ChannelInitializer<Channel>() {

				@Override
				protected void initChannel(Channel channel) {
					FrameReceiver receiver = new FrameReceiver(payloadSize);
					channel.pipeline().addLast(receiver);
					receivers.add(receiver);
				}

			});
			Broadcaster broadcaster = new Broadcaster(payloadSize, 1);
			Channel channel = endpoints.connect(broadcaster.senders[0]);
			Waits.until(() -> receivers.size() == 1, TIMEOUT_MILLIS, "the receiver to accept");
			FrameReceiver receiver = receivers.get(0);
			return new ThroughputPair() {

				private long total;

				@Override
				public long sendWindow(int packets) throws Exception {
					checkCount(packets);
					long start = System.nanoTime();
					long target = this.total += packets;
					channel.eventLoop().execute(() -> broadcaster.extend(packets));
					Waits.until(() -> receiver.checker.received() >= target || broadcaster.error != null
							|| receiver.error != null, TIMEOUT_MILLIS, "packet " + (target - 1));
					long elapsed = System.nanoTime() - start;
					broadcaster.check();
					receiver.check();
					receiver.checker.verify(target);
					return elapsed;
				}

				@Override
				public void close() {
					endpoints.close();
				}

			};
		}
		catch (Exception | Error ex) {
			endpoints.close();
			throw ex;
		}
	}

	@Override
	public RoundTripPair roundTripPair(int payloadSize) throws Exception {
		checkPayloadSize(payloadSize);
		Endpoints endpoints = new Endpoints();
		try {
			endpoints.listen(new ChannelInitializer<Channel>() {

				@Override
				protected void initChannel(Channel channel) {
					channel.pipeline().addLast(new Echo());
				}

			});
			RoundTripClient client = new RoundTripClient(payloadSize);
			Channel channel = endpoints.connect(client);
			return new RoundTripPair() {

				@Override
				public long[] roundTrips(int count) throws Exception {
					checkCount(count);
					CompletableFuture<long[]> done = new CompletableFuture<>();
					channel.eventLoop().execute(() -> client.start(count, done));
					try {
						return done.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
					}
					catch (ExecutionException ex) {
						throw (ex.getCause() instanceof Exception cause) ? cause : ex;
					}
				}

				@Override
				public void close() {
					endpoints.close();
				}

			};
		}
		catch (Exception | Error ex) {
			endpoints.close();
			throw ex;
		}
	}

	/**
	 * The hub holds {@code receivers} client channels (all on the single client event loop),
	 * each connected to its own child channel of one server; every receiver is one of those
	 * child channels (all on the single server event loop) with its own checker.
	 */
	@Override
	public FanoutGroup fanoutGroup(int receivers, int payloadSize) throws Exception {
		checkPayloadSize(payloadSize);
		if (receivers < 1) {
			throw new IllegalArgumentException("receivers must be at least 1: " + receivers);
		}
		Endpoints endpoints = new Endpoints();
		try {
			List<FrameReceiver> accepted = new CopyOnWriteArrayList<>();
			endpoints.listen(new ChannelInitializer<Channel>() {

				@Override
				protected void initChannel(Channel channel) {
					FrameReceiver receiver = new FrameReceiver(payloadSize);
					channel.pipeline().addLast(receiver);
					accepted.add(receiver);
				}

			});
			Broadcaster broadcaster = new Broadcaster(payloadSize, receivers);
			Channel first = null;
			for (FrameSender sender : broadcaster.senders) {
				Channel channel = endpoints.connect(sender);
				if (first == null) {
					first = channel;
				}
			}
			Waits.until(() -> accepted.size() == receivers, TIMEOUT_MILLIS, "the receivers to accept");
			FrameReceiver[] checked = accepted.toArray(FrameReceiver[]::new);
			Channel hub = first;
			return new FanoutGroup() {

				private long total;

				@Override
				public long broadcastWindow(int packets) throws Exception {
					checkCount(packets);
					long start = System.nanoTime();
					long target = this.total += packets;
					hub.eventLoop().execute(() -> broadcaster.extend(packets));
					Waits.until(() -> allReceived(checked, target) || broadcaster.error != null,
							TIMEOUT_MILLIS, "packet " + (target - 1) + " at every receiver");
					long elapsed = System.nanoTime() - start;
					broadcaster.check();
					for (FrameReceiver receiver : checked) {
						receiver.check();
						receiver.checker.verify(target);
					}
					return elapsed;
				}

				@Override
				public void close() {
					endpoints.close();
				}

			};
		}
		catch (Exception | Error ex) {
			endpoints.close();
			throw ex;
		}
	}

	private static boolean allReceived(FrameReceiver[] receivers, long target) {
		for (FrameReceiver receiver : receivers) {
			if (receiver.error != null) {
				return true;
			}
			if (receiver.checker.received() < target) {
				return false;
			}
		}
		return true;
	}

	private static void checkPayloadSize(int payloadSize) {
		if (payloadSize < 8 || payloadSize > MAX_PAYLOAD) {
			throw new IllegalArgumentException(
					"payload size must be between 8 and " + MAX_PAYLOAD + ": " + payloadSize);
		}
	}

	private static void checkCount(int count) {
		if (count < 0) {
			throw new IllegalArgumentException("count must not be negative: " + count);
		}
	}

	private static byte[] template(int payloadSize) {
		byte[] template = new byte[payloadSize];
		Arrays.fill(template, (byte) 0x5A);
		return template;
	}

	/** A data frame: header, the template payload, the sequence number over its first 8 bytes. */
	private static ByteBuf frame(ByteBufAllocator allocator, byte[] template, long sequence) {
		ByteBuf frame = allocator.directBuffer(HEADER_SIZE + template.length);
		frame.writeIntLE(DATA_TYPE).writeIntLE(template.length).writeBytes(template);
		frame.setLongLE(HEADER_SIZE, sequence);
		return frame;
	}

	/**
	 * Length of the complete frame starting at {@code index}, or -1 if it has not fully arrived.
	 */
	private static int completeFrame(ByteBuf in, int index, int readable) {
		if (readable < HEADER_SIZE) {
			return -1;
		}
		int type = in.getIntLE(index);
		int length = in.getIntLE(index + 4);
		if (type != DATA_TYPE) {
			throw new CorruptedFrameException("unexpected frame type " + Integer.toUnsignedString(type));
		}
		if (length < 8 || length > MAX_PAYLOAD) {
			throw new CorruptedFrameException("bad payload length " + Integer.toUnsignedString(length));
		}
		int frameLength = HEADER_SIZE + length;
		return (readable >= frameLength) ? frameLength : -1;
	}

	/** Two event loop groups of one thread each, one server channel, its clients. */
	private static final class Endpoints implements AutoCloseable {

		private final EventLoopGroup serverGroup = newGroup();

		private final EventLoopGroup clientGroup = newGroup();

		private SocketAddress address;

		private static EventLoopGroup newGroup() {
			IoHandlerFactory factory = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
			return new MultiThreadIoEventLoopGroup(1, factory);
		}

		void listen(ChannelHandler childHandler) throws InterruptedException {
			Class<? extends ServerChannel> type = EPOLL ? EpollServerSocketChannel.class
					: NioServerSocketChannel.class;
			Channel server = new ServerBootstrap().group(this.serverGroup)
				.channel(type)
				.childOption(ChannelOption.TCP_NODELAY, true)
				.childHandler(childHandler)
				.bind(new InetSocketAddress("127.0.0.1", 0))
				.sync()
				.channel();
			this.address = server.localAddress();
		}

		Channel connect(ChannelHandler handler) throws InterruptedException {
			Class<? extends Channel> type = EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
			return new Bootstrap().group(this.clientGroup)
				.channel(type)
				.option(ChannelOption.TCP_NODELAY, true)
				.handler(handler)
				.connect(this.address)
				.sync()
				.channel();
		}

		@Override
		public void close() {
			this.clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
			this.serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
			this.clientGroup.terminationFuture().syncUninterruptibly();
			this.serverGroup.terminationFuture().syncUninterruptibly();
		}

	}

	/**
	 * Feeds the senders of one hub from their (shared) event loop: turn by turn, each writable
	 * sender writes up to {@link #FLUSH_EVERY} frames and flushes, until every sender has
	 * written the whole window or cannot take more; an unwritable sender resumes when its
	 * channel becomes writable again. Confined to the client event loop except for
	 * {@link #error}.
	 */
	private static final class Broadcaster {

		final FrameSender[] senders;

		volatile Throwable error;

		private boolean pumping;

		private boolean pumpAgain;

		Broadcaster(int payloadSize, int channels) {
			byte[] template = template(payloadSize);
			this.senders = new FrameSender[channels];
			for (int i = 0; i < channels; i++) {
				this.senders[i] = new FrameSender(this, template);
			}
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

		void check() {
			Throwable failure = this.error;
			if (failure != null) {
				throw new IllegalStateException("sending failed: " + failure, failure);
			}
		}

	}

	/** The sending end of one client channel. */
	private static final class FrameSender extends ChannelInboundHandlerAdapter {

		private final Broadcaster broadcaster;

		private final byte[] template;

		private ChannelHandlerContext context;

		private long next;

		long end;

		FrameSender(Broadcaster broadcaster, byte[] template) {
			this.broadcaster = broadcaster;
			this.template = template;
		}

		@Override
		public void handlerAdded(ChannelHandlerContext context) {
			this.context = context;
		}

		/**
		 * Write up to {@link #FLUSH_EVERY} frames while the channel is writable, then flush.
		 * @return whether a frame was written and more are due
		 */
		boolean writeBatch() {
			ChannelHandlerContext context = this.context;
			Channel channel = context.channel();
			int written = 0;
			while (written < FLUSH_EVERY && this.next < this.end && channel.isWritable()) {
				context.write(frame(context.alloc(), this.template, this.next++), context.voidPromise());
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

	/** Checks every frame in place: header, length and sequence number, payload never copied. */
	private static final class FrameReceiver extends ByteToMessageDecoder {

		final SequenceChecker checker;

		volatile Throwable error;

		FrameReceiver(int payloadSize) {
			this.checker = new SequenceChecker(payloadSize);
		}

		@Override
		protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
			int index = in.readerIndex();
			int readable = in.readableBytes();
			int frameLength;
			while ((frameLength = completeFrame(in, index, readable)) > 0) {
				this.checker.accept(in.getLongLE(index + HEADER_SIZE), frameLength - HEADER_SIZE);
				index += frameLength;
				readable -= frameLength;
			}
			in.readerIndex(index);
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
			this.error = cause;
			context.close();
		}

		void check() {
			Throwable failure = this.error;
			if (failure != null) {
				throw new IllegalStateException("receiving failed: " + failure, failure);
			}
		}

	}

	/** The server side of the round trip: answers every frame at once with the same bytes. */
	private static final class Echo extends ByteToMessageDecoder {

		@Override
		protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
			int frameLength;
			while ((frameLength = completeFrame(in, in.readerIndex(), in.readableBytes())) > 0) {
				context.writeAndFlush(in.readRetainedSlice(frameLength), context.voidPromise());
			}
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
			context.close();
		}

	}

	/** The client side of the round trip; confined to its event loop. */
	private static final class RoundTripClient extends ByteToMessageDecoder {

		private final byte[] template;

		private ChannelHandlerContext context;

		private CompletableFuture<long[]> done;

		private long[] times;

		private int completed;

		private long sequence;

		private long sentAt;

		RoundTripClient(int payloadSize) {
			this.template = template(payloadSize);
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
			this.context.writeAndFlush(frame(this.context.alloc(), this.template, this.sequence),
					this.context.voidPromise());
		}

		@Override
		protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
			int frameLength;
			while ((frameLength = completeFrame(in, in.readerIndex(), in.readableBytes())) > 0) {
				long now = System.nanoTime();
				int length = frameLength - HEADER_SIZE;
				long sequence = in.getLongLE(in.readerIndex() + HEADER_SIZE);
				in.skipBytes(frameLength);
				CompletableFuture<long[]> done = this.done;
				if (done == null || done.isDone()) {
					fail(new IllegalStateException("unexpected reply " + sequence));
					return;
				}
				if (length != this.template.length || sequence != this.sequence) {
					fail(new IllegalStateException("expected reply " + this.sequence + " of " + this.template.length
							+ " bytes, got " + sequence + " of " + length));
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

}
