package dev.p2p.bench;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;

/**
 * Raw Netty 4.2 on loopback (epoll when available, NIO otherwise): the hand-written reference.
 */
public final class NettyVariant extends ReferenceVariant {

	/** Frames written on one channel between two flushes. */
	static final int FLUSH_EVERY = 32;

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
		NettyEndpoints endpoints = new NettyEndpoints();
		return closeOnFailure(endpoints::close, () -> {
			List<CheckedReceiver> accepted = new CopyOnWriteArrayList<>();
			endpoints.listen((pipeline) -> {
				CheckedReceiver receiver = new CheckedReceiver(payloadSize);
				pipeline.addLast(new NettyFrames.FrameReceiver(receiver));
				accepted.add(receiver);
			});
			return new Receivers("127.0.0.1:" + ((InetSocketAddress) endpoints.address).getPort(), accepted,
					() -> accepted.size() == receivers, endpoints::close);
		});
	}

	/** The hub holds {@code receivers} client channels, all on the single client event loop. */
	@Override
	public Hub connectHub(String address, int receivers, int payloadSize) throws Exception {
		NettyEndpoints endpoints = new NettyEndpoints();
		endpoints.address = RemoteFanout.socketAddress(address);
		return closeOnFailure(endpoints::close, () -> {
			NettyBroadcaster broadcaster = new NettyBroadcaster(payloadSize, receivers);
			broadcaster.connect(endpoints);
			return new Hub(broadcaster, endpoints::close);
		});
	}

	/** One server whose every child channel (all on the single server event loop) echoes every frame. */
	@Override
	public Node listenEcho(int payloadSize) throws Exception {
		NettyEndpoints endpoints = new NettyEndpoints();
		return closeOnFailure(endpoints::close, () -> {
			endpoints.listen((pipeline) -> pipeline.addLast(new NettyFrames.Echo()));
			return new Node(((InetSocketAddress) endpoints.address).getPort(), endpoints::close);
		});
	}

	@Override
	RoundTripPair openRoundTrips(int payloadSize) throws Exception {
		NettyEndpoints endpoints = new NettyEndpoints();
		return closeOnFailure(endpoints::close, () -> {
			endpoints.listen((pipeline) -> pipeline.addLast(new NettyFrames.Echo()));
			NettyRoundTripClient client = new NettyRoundTripClient(payloadSize);
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

}
