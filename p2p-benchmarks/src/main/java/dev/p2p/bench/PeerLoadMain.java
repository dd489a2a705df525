package dev.p2p.bench;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * The child JVM of the {@code many-peers} scenario: one Netty event loop driving many peers at one
 * node, each a connection doing request/reply round trips one after the other (a closed loop), each
 * reply checked against its request (sequence number, length). The same load generator for every
 * variant; only the bytes on the wire differ ({@link PeerProtocol}). Prints
 * {@code WINDOW <round trips/s> <p50 ns> <p99 ns>} per measured window, then {@code DONE}, or
 * {@code FAILED <reason>}.
 */
final class PeerLoadMain {

	private static final long TIMEOUT_MILLIS = ReferenceVariant.TIMEOUT_MILLIS;

	private PeerLoadMain() {
	}

	/** Arguments: variant, port, peers, payload size, warm-up windows, measured windows, window millis. */
	static void main(String[] args) throws Exception {
		PeerProtocol protocol = PeerProtocol.of(args[0]);
		int port = Integer.parseInt(args[1]);
		int peers = Integer.parseInt(args[2]);
		int payloadSize = Integer.parseInt(args[3]);
		int warmups = Integer.parseInt(args[4]);
		int windows = Integer.parseInt(args[5]);
		long windowMillis = Long.parseLong(args[6]);
		boolean epoll = Epoll.isAvailable();
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
				epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
		Load load = new Load();
		try {
			Bootstrap bootstrap = new Bootstrap().group(group)
				.channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
				.option(ChannelOption.TCP_NODELAY, true);
			List<Channel> channels = new ArrayList<>();
			byte[] template = ReferenceVariant.template(payloadSize);
			for (int i = 0; i < peers; i++) {
				channels.add(bootstrap.clone()
					.handler(new Peer(protocol, load, template, i))
					.connect(new InetSocketAddress("127.0.0.1", port))
					.sync()
					.channel());
			}
			Waits.until(() -> load.ready.get() == peers || load.error != null, TIMEOUT_MILLIS, peers + " peers ready");
			EventLoop loop = channels.get(0).eventLoop();
			for (int w = 0; w < warmups + windows; w++) {
				loop.submit(load::take).get();
				long start = System.nanoTime();
				Thread.sleep(windowMillis);
				long[] times = loop.submit(load::take).get();
				long elapsed = System.nanoTime() - start;
				ReferenceVariant.throwIfFailed("a peer", load.error);
				if (w >= warmups) {
					if (times.length == 0) {
						throw new IllegalStateException("no round trip completed in " + windowMillis + " ms");
					}
					Arrays.sort(times);
					System.out.println("WINDOW " + (times.length / (elapsed / 1e9)) + " " + times[times.length / 2] + " "
							+ times[(int) (times.length * 0.99)]);
				}
			}
			load.stopping = true;
			System.out.println("DONE");
		}
		catch (Exception | Error ex) {
			System.out.println("FAILED " + ex);
			ex.printStackTrace(System.out);
			System.exit(1);
		}
		finally {
			load.stopping = true;
			group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
		}
		System.exit(0);
	}

	/** What all peers share; the latencies are confined to the event loop. */
	static final class Load {

		final AtomicInteger ready = new AtomicInteger();

		volatile Throwable error;

		volatile boolean stopping;

		private long[] times = new long[1024];

		private int size;

		void record(long nanos) {
			if (this.size == this.times.length) {
				this.times = Arrays.copyOf(this.times, this.size * 2);
			}
			this.times[this.size++] = nanos;
		}

		/** The round-trip times since the last call. */
		long[] take() {
			long[] taken = Arrays.copyOf(this.times, this.size);
			this.size = 0;
			return taken;
		}

		void fail(Throwable cause) {
			if (this.error == null && !this.stopping) {
				this.error = cause;
			}
		}

	}

	/** One peer: handshake if the protocol has one, then one round trip after the other. */
	static final class Peer extends ByteToMessageDecoder {

		private final PeerProtocol protocol;

		private final Load load;

		private final byte[] template;

		private final int index;

		private long sequence;

		private long sentAt;

		private boolean started;

		Peer(PeerProtocol protocol, Load load, byte[] template, int index) {
			this.protocol = protocol;
			this.load = load;
			this.template = template;
			this.index = index;
		}

		@Override
		public void channelActive(ChannelHandlerContext context) throws Exception {
			ByteBuf hello = this.protocol.hello(context.alloc(), this.index);
			if (hello != null) {
				context.writeAndFlush(hello, context.voidPromise());
			}
			if (!this.protocol.awaitsAccept()) {
				start(context);
			}
			super.channelActive(context);
		}

		private void start(ChannelHandlerContext context) {
			this.started = true;
			this.load.ready.incrementAndGet();
			send(context);
		}

		private void send(ChannelHandlerContext context) {
			this.sentAt = System.nanoTime();
			context.writeAndFlush(this.protocol.request(context.alloc(), this.sequence, this.template),
					context.voidPromise());
		}

		@Override
		protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
			PeerProtocol.Inbound inbound;
			while ((inbound = this.protocol.read(in, context)) != null) {
				if (inbound == PeerProtocol.ACCEPTED) {
					start(context);
				}
				else if (inbound != PeerProtocol.OTHER) {
					long now = System.nanoTime();
					IllegalStateException wrong = this.started ? ReferenceVariant.wrongReply(this.sequence,
							this.template.length, inbound.sequence(), inbound.length())
							: new IllegalStateException("reply before the handshake");
					if (wrong != null) {
						throw wrong;
					}
					this.load.record(now - this.sentAt);
					this.sequence++;
					send(context);
				}
			}
		}

		@Override
		public void channelInactive(ChannelHandlerContext context) throws Exception {
			this.load.fail(new IllegalStateException("peer " + this.index + ": connection closed"));
			super.channelInactive(context);
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
			this.load.fail(new IllegalStateException("peer " + this.index + ": " + cause, cause));
			context.close();
		}

	}

}
