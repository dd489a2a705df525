package dev.p2p.bench;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.core.RSocketConnector;
import io.rsocket.core.RSocketServer;
import io.rsocket.frame.decoder.PayloadDecoder;
import io.rsocket.transport.netty.client.TcpClientTransport;
import io.rsocket.transport.netty.server.CloseableChannel;
import io.rsocket.transport.netty.server.TcpServerTransport;
import io.rsocket.util.ByteBufPayload;
import io.rsocket.util.DefaultPayload;
import reactor.core.publisher.Mono;

/**
 * RSocket (rsocket-java on Reactor Netty TCP, the library under Spring Boot's
 * {@code spring-boot-starter-rsocket}) used as its documentation shows: an {@link RSocketServer}
 * whose acceptor hands every connection a responder, one {@link RSocketConnector} requester per
 * receiver, fire-and-forget for one-way packets, request-response for the round trip, zero-copy
 * payload decoding (the documented way to go fast; every payload is released after it is
 * checked). The payload's first 8 bytes carry the sequence number like the other variants.
 */
public final class RSocketVariant extends ReferenceVariant {

	@Override
	public String name() {
		return "rsocket";
	}

	@Override
	public Receivers listenReceivers(int receivers, int payloadSize) {
		Listening listening = listenReceivers(payloadSize);
		return new Receivers("127.0.0.1:" + listening.address().getPort(), listening.accepted(),
				() -> listening.accepted().size() == receivers, listening::close);
	}

	@Override
	public Hub connectHub(String address, int receivers, int payloadSize) throws Exception {
		InetSocketAddress target = RemoteFanout.socketAddress(address);
		List<RSocket> requesters = new ArrayList<>();
		Runnable close = () -> requesters.forEach(RSocket::dispose);
		return closeOnFailure(close, () -> {
			for (int i = 0; i < receivers; i++) {
				requesters.add(connect(target));
			}
			return new Hub(new Sender(requesters, payloadSize), close::run);
		});
	}

	@Override
	public Node listenEcho(int payloadSize) {
		CloseableChannel server = echoServer();
		return new Node(server.address().getPort(), server::dispose);
	}

	@Override
	RoundTripPair openRoundTrips(int payloadSize) throws Exception {
		CloseableChannel server = echoServer();
		return closeOnFailure(server::dispose, () -> {
			RSocket requester = connect(server.address());
			return timedPair((sequence) -> {
				byte[] data = numbered(payloadSize, sequence);
				Payload reply = requester.requestResponse(DefaultPayload.create(data)).block();
				if (reply == null) {
					throw new IllegalStateException("no reply to " + sequence);
				}
				try {
					ByteBuf replied = reply.sliceData();
					return new Reply(replied.getLongLE(replied.readerIndex()), replied.readableBytes());
				}
				finally {
					reply.release();
				}
			}, payloadSize, () -> {
				requester.dispose();
				server.dispose();
			});
		});
	}

	/**
	 * A server answering every request-response with its own payload.
	 * @return the bound server
	 */
	static CloseableChannel echoServer() {
		RSocket echo = new RSocket() {

			@Override
			public Mono<Payload> requestResponse(Payload payload) {
				// zero copy: the request's buffer goes back out as the reply and is released once written
				return Mono.just(payload);
			}

		};
		return RSocketServer.create((setup, sendingSocket) -> Mono.just(echo))
			.payloadDecoder(PayloadDecoder.ZERO_COPY)
			.bindNow(TcpServerTransport.create("127.0.0.1", 0));
	}

	/**
	 * A server whose every accepted connection is one checked receiver of fire-and-forget packets.
	 * @param payloadSize expected bytes per packet
	 * @return the server and its receivers
	 */
	static Listening listenReceivers(int payloadSize) {
		List<CheckedReceiver> accepted = new CopyOnWriteArrayList<>();
		CloseableChannel server = RSocketServer.create((setup, sendingSocket) -> {
			CheckedReceiver receiver = new CheckedReceiver(payloadSize);
			accepted.add(receiver);
			return Mono.just(new RSocket() {

				@Override
				public Mono<Void> fireAndForget(Payload payload) {
					try {
						ByteBuf data = payload.sliceData();
						receiver.checker.accept(data.getLongLE(data.readerIndex()), data.readableBytes());
					}
					catch (RuntimeException ex) {
						receiver.error = ex;
					}
					finally {
						payload.release();
					}
					return Mono.empty();
				}

			});
		}).payloadDecoder(PayloadDecoder.ZERO_COPY).bindNow(TcpServerTransport.create("127.0.0.1", 0));
		return new Listening(server, accepted);
	}

	/**
	 * One requester connected to {@code address}.
	 * @param address the server
	 * @return the requester
	 */
	static RSocket connect(InetSocketAddress address) {
		return RSocketConnector.create()
			.payloadDecoder(PayloadDecoder.ZERO_COPY)
			.connect(TcpClientTransport.create(address))
			.block();
	}

	/** A bound receiving server and the receivers of the connections it accepted. */
	record Listening(CloseableChannel server, List<CheckedReceiver> accepted) {

		InetSocketAddress address() {
			return this.server.address();
		}

		void close() {
			this.server.dispose();
			this.server.onClose().block();
		}

	}

	/**
	 * Fire-and-forget of every packet to every requester. Fire-and-forget has no back-pressure (its
	 * {@code Mono} completes once the frame is queued), so payloads of 64 KiB and more cycle through
	 * a bounded set of arrays, each coming back once its frame is written and released, as the
	 * starter variant recycles them; smaller payloads are allocated per packet, as an application
	 * would.
	 */
	static final class Sender implements PacketWindows.Sender {

		private final List<RSocket> requesters;

		private final int payloadSize;

		private final BlockingQueue<byte[]> recycled;

		private volatile Throwable error;

		Sender(List<RSocket> requesters, int payloadSize) {
			this.requesters = requesters;
			this.payloadSize = payloadSize;
			this.recycled = StarterVariant.recycledPayloads(payloadSize);
		}

		@Override
		public void send(long first, long end) throws InterruptedException {
			for (long sequence = first; sequence < end; sequence++) {
				for (RSocket requester : this.requesters) {
					requester.fireAndForget(payload(sequence)).subscribe(null, this::failed);
				}
			}
		}

		private Payload payload(long sequence) throws InterruptedException {
			if (this.recycled == null) {
				return DefaultPayload.create(numbered(this.payloadSize, sequence));
			}
			byte[] data = this.recycled.take();
			SequenceChecker.writeLongLE(data, 0, sequence);
			return ByteBufPayload.create(new RecyclingBuffer(data, this.recycled));
		}

		private void failed(Throwable failure) {
			this.error = failure;
		}

		@Override
		public Throwable error() {
			return this.error;
		}

	}

	/** A heap buffer over a payload array that goes back to its queue when the buffer is released. */
	private static final class RecyclingBuffer extends UnpooledHeapByteBuf {

		private final BlockingQueue<byte[]> queue;

		RecyclingBuffer(byte[] array, BlockingQueue<byte[]> queue) {
			super(UnpooledByteBufAllocator.DEFAULT, array, array.length);
			this.queue = queue;
		}

		@Override
		protected void freeArray(byte[] array) {
			this.queue.add(array);
		}

	}

}
