package dev.p2p.bench;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

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
import io.netty.channel.ChannelPipeline;
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
public final class NettyVariant extends ReferenceVariant {

	/** Frames written on one channel between two flushes. */
	static final int FLUSH_EVERY = 32;

	private static final boolean EPOLL = Epoll.isAvailable();

	@Override
	public String name() {
		return "netty";
	}

	/**
	 * Every receiver is one child channel of one server (all on the single server event loop), with its
	 * own checker.
	 */
	@Override
	public Receivers listenReceivers(int receivers, int payloadSize) throws Exception {
		Endpoints endpoints = new Endpoints();
		return closeOnFailure(endpoints::close, () -> {
			List<CheckedReceiver> accepted = new CopyOnWriteArrayList<>();
			endpoints.listen((pipeline) -> {
				CheckedReceiver receiver = new CheckedReceiver(payloadSize);
				pipeline.addLast(new FrameReceiver(receiver));
				accepted.add(receiver);
			});
			return new Receivers("127.0.0.1:" + ((InetSocketAddress) endpoints.address).getPort(), accepted,
					() -> accepted.size() == receivers, endpoints::close);
		});
	}

	/** The hub holds {@code receivers} client channels, all on the single client event loop. */
	@Override
	public Hub connectHub(String address, int receivers, int payloadSize) throws Exception {
		Endpoints endpoints = new Endpoints();
		endpoints.address = RemoteFanout.socketAddress(address);
		return closeOnFailure(endpoints::close, () -> {
			Broadcaster broadcaster = new Broadcaster(payloadSize, receivers);
			broadcaster.connect(endpoints);
			return new Hub(broadcaster, endpoints::close);
		});
	}

	/** One server whose every child channel (all on the single server event loop) echoes every frame. */
	@Override
	public Node listenEcho(int payloadSize) throws Exception {
		Endpoints endpoints = new Endpoints();
		return closeOnFailure(endpoints::close, () -> {
			endpoints.listen((pipeline) -> pipeline.addLast(new Echo()));
			return new Node(((InetSocketAddress) endpoints.address).getPort(), endpoints::close);
		});
	}

	@Override
	RoundTripPair openRoundTrips(int payloadSize) throws Exception {
		Endpoints endpoints = new Endpoints();
		return closeOnFailure(endpoints::close, () -> {
			endpoints.listen((pipeline) -> pipeline.addLast(new Echo()));
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
		});
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
		int length = in.getIntLE(index + 4);
		String problem = headerProblem(in.getIntLE(index), length);
		if (problem != null) {
			throw new CorruptedFrameException(problem);
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

		/** Bind the server; {@code initializer} sets up the pipeline of every accepted channel. */
		void listen(Consumer<ChannelPipeline> initializer) throws InterruptedException {
			Class<? extends ServerChannel> type = EPOLL ? EpollServerSocketChannel.class
					: NioServerSocketChannel.class;
			Channel server = new ServerBootstrap().group(this.serverGroup)
				.channel(type)
				.childOption(ChannelOption.TCP_NODELAY, true)
				.childHandler(new ChannelInitializer<Channel>() {

					@Override
					protected void initChannel(Channel channel) {
						initializer.accept(channel.pipeline());
					}

				})
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
	 * {@link #error} and what the measuring thread calls.
	 */
	private static final class Broadcaster implements PacketWindows.Sender {

		private final FrameSender[] senders;

		volatile Throwable error;

		private Channel hub;

		private boolean pumping;

		private boolean pumpAgain;

		Broadcaster(int payloadSize, int channels) {
			byte[] template = template(payloadSize);
			this.senders = new FrameSender[channels];
			for (int i = 0; i < channels; i++) {
				this.senders[i] = new FrameSender(this, template);
			}
		}

		/** Connect every sender; the first channel is the hub whose event loop (shared by all) pumps. */
		void connect(Endpoints endpoints) throws InterruptedException {
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

		private final CheckedReceiver receiver;

		FrameReceiver(CheckedReceiver receiver) {
			this.receiver = receiver;
		}

		@Override
		protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
			int index = in.readerIndex();
			int readable = in.readableBytes();
			int frameLength;
			while ((frameLength = completeFrame(in, index, readable)) > 0) {
				this.receiver.checker.accept(in.getLongLE(index + HEADER_SIZE), frameLength - HEADER_SIZE);
				index += frameLength;
				readable -= frameLength;
			}
			in.readerIndex(index);
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
			this.receiver.error = cause;
			context.close();
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
				IllegalStateException wrong = wrongReply(this.sequence, this.template.length, sequence,
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

}
