package dev.p2p.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.integration.endpoint.EventDrivenConsumer;
import org.springframework.integration.handler.ServiceActivatingHandler;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.connection.AbstractConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnectionOpenEvent;
import org.springframework.integration.ip.tcp.connection.TcpNetClientConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.integration.ip.tcp.inbound.TcpInboundGateway;
import org.springframework.integration.ip.tcp.inbound.TcpReceivingChannelAdapter;
import org.springframework.integration.ip.tcp.outbound.TcpOutboundGateway;
import org.springframework.integration.ip.tcp.outbound.TcpSendingMessageHandler;
import org.springframework.integration.ip.tcp.serializer.ByteArrayLengthHeaderSerializer;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.GenericMessage;

/**
 * Spring Integration IP wired by hand, as its reference documentation shows: a
 * {@link TcpNetServerConnectionFactory} and {@link TcpNetClientConnectionFactory} with a
 * {@link ByteArrayLengthHeaderSerializer} (4-byte big-endian length, then the payload), a
 * {@link TcpReceivingChannelAdapter} into a channel on one side and a {@link TcpSendingMessageHandler}
 * behind a channel on the other; the round trip goes through a {@link TcpOutboundGateway} to a
 * {@link TcpInboundGateway} whose service echoes the payload. Every side is its own application
 * context with {@code @EnableIntegration}; the factories are the default NET (thread per connection)
 * ones with {@code TCP_NODELAY} on, like the other variants.
 */
public final class SpringIntegrationVariant extends ReferenceVariant {

	@Override
	public String name() {
		return "si";
	}

	/** One server factory and receiving adapter; each accepted connection is one checked receiver. */
	@Override
	public Receivers listenReceivers(int receivers, int payloadSize) throws Exception {
		Listening listening = listenReceivers(payloadSize);
		return new Receivers("127.0.0.1:" + listening.port(), listening.receivers(),
				() -> listening.connected(receivers), listening.context()::close);
	}

	/** One client factory and sending handler per receiver. */
	@Override
	public Hub connectHub(String address, int receivers, int payloadSize) throws Exception {
		Sender sender = connectSenders(RemoteFanout.socketAddress(address).getPort(), receivers, payloadSize);
		return new Hub(sender, sender.context::close);
	}

	@Override
	public Node listenEcho(int payloadSize) throws Exception {
		EchoServer server = echoServer(payloadSize);
		return new Node(server.port(), server.context()::close);
	}

	@Override
	RoundTripPair openRoundTrips(int payloadSize) throws Exception {
		EchoServer server = echoServer(payloadSize);
		return closeOnFailure(server.context()::close, () -> {
			TcpNetClientConnectionFactory client = factory(new TcpNetClientConnectionFactory("127.0.0.1",
					server.port()), payloadSize);
			TcpOutboundGateway gateway = new TcpOutboundGateway();
			gateway.setConnectionFactory(client);
			gateway.setRemoteTimeout(TIMEOUT_MILLIS);
			DirectChannel requests = new DirectChannel();
			AnnotationConfigApplicationContext context = context((beans) -> {
				beans.registerBean("client", TcpNetClientConnectionFactory.class, () -> client);
				beans.registerBean("gateway", TcpOutboundGateway.class, () -> gateway);
				beans.registerBean("requests", DirectChannel.class, () -> requests);
				beans.registerBean("gateway-endpoint", EventDrivenConsumer.class,
						() -> new EventDrivenConsumer(requests, gateway));
			});
			MessagingTemplate template = new MessagingTemplate();
			template.setReceiveTimeout(TIMEOUT_MILLIS);
			return timedPair((sequence) -> {
				byte[] data = numbered(payloadSize, sequence);
				Message<?> reply = template.sendAndReceive(requests, new GenericMessage<>(data));
				if (reply == null || !(reply.getPayload() instanceof byte[] replied)) {
					throw new IllegalStateException("no reply to " + sequence + ": " + reply);
				}
				return new Reply(SequenceChecker.readLongLE(replied, 0), replied.length);
			}, payloadSize, () -> {
				context.close();
				server.context().close();
			});
		});
	}

	/** Default NET factory settings of every endpoint: the length-header serializer, no Nagle. */
	private static <F extends AbstractConnectionFactory> F factory(F factory, int maxPayload) {
		ByteArrayLengthHeaderSerializer serializer = new ByteArrayLengthHeaderSerializer();
		serializer.setMaxMessageSize(Math.max(maxPayload, 2048));
		factory.setSerializer(serializer);
		factory.setDeserializer(serializer);
		factory.setSoTcpNoDelay(true);
		return factory;
	}

	private static TcpNetServerConnectionFactory serverFactory(int maxPayload) {
		TcpNetServerConnectionFactory server = factory(new TcpNetServerConnectionFactory(0), maxPayload);
		server.setLocalAddress("127.0.0.1");
		return server;
	}

	/** An application context with {@code @EnableIntegration} and the beans {@code beans} registers. */
	static AnnotationConfigApplicationContext context(Consumer<AnnotationConfigApplicationContext> beans) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.register(IntegrationConfiguration.class);
		beans.accept(context);
		context.refresh();
		return context;
	}

	private static int awaitListening(TcpNetServerConnectionFactory server) throws Exception {
		Waits.until(server::isListening, TIMEOUT_MILLIS, "the Spring Integration server to listen");
		return server.getPort();
	}

	/**
	 * A server factory and inbound gateway answering every request with its own payload.
	 * @param maxPayload the largest payload accepted
	 * @return the context and the port it listens on
	 * @throws Exception if it does not start
	 */
	static EchoServer echoServer(int maxPayload) throws Exception {
		TcpNetServerConnectionFactory server = serverFactory(maxPayload);
		TcpInboundGateway gateway = new TcpInboundGateway();
		gateway.setConnectionFactory(server);
		DirectChannel requests = new DirectChannel();
		gateway.setRequestChannel(requests);
		ServiceActivatingHandler echo = new ServiceActivatingHandler(Message::getPayload);
		AnnotationConfigApplicationContext context = context((beans) -> {
			beans.registerBean("server", TcpNetServerConnectionFactory.class, () -> server);
			beans.registerBean("requests", DirectChannel.class, () -> requests);
			beans.registerBean("echo", ServiceActivatingHandler.class, () -> echo);
			beans.registerBean("echo-endpoint", EventDrivenConsumer.class, () -> new EventDrivenConsumer(requests, echo));
			beans.registerBean("gateway", TcpInboundGateway.class, () -> gateway);
		});
		return new EchoServer(context, closeOnFailure(context::close, () -> awaitListening(server)));
	}

	/**
	 * A server factory and receiving adapter; each accepted connection is one checked receiver.
	 * @param payloadSize the expected payload size
	 * @return the context, its port and its receivers
	 * @throws Exception if it does not start
	 */
	static Listening listenReceivers(int payloadSize) throws Exception {
		TcpNetServerConnectionFactory server = serverFactory(payloadSize);
		TcpReceivingChannelAdapter adapter = new TcpReceivingChannelAdapter();
		adapter.setConnectionFactory(server);
		DirectChannel received = new DirectChannel();
		adapter.setOutputChannel(received);
		Map<String, CheckedReceiver> byConnection = new ConcurrentHashMap<>();
		List<CheckedReceiver> receivers = new CopyOnWriteArrayList<>();
		AnnotationConfigApplicationContext context = context((beans) -> {
			beans.registerBean("server", TcpNetServerConnectionFactory.class, () -> server);
			beans.registerBean("received", DirectChannel.class, () -> received);
			beans.registerBean("inbound", TcpReceivingChannelAdapter.class, () -> adapter);
			beans.addApplicationListener((ApplicationListener<TcpConnectionOpenEvent>) (event) -> {
				CheckedReceiver receiver = new CheckedReceiver(payloadSize);
				byConnection.put(event.getConnectionId(), receiver);
				receivers.add(receiver);
			});
		});
		received.subscribe((message) -> {
			String id = message.getHeaders().get(IpHeaders.CONNECTION_ID, String.class);
			CheckedReceiver receiver = byConnection.get(id);
			if (receiver == null) {
				throw new IllegalStateException("message from unknown connection " + id);
			}
			byte[] payload = (byte[]) message.getPayload();
			receiver.checker.accept(payload, 0, payload.length);
		});
		int port = closeOnFailure(context::close, () -> awaitListening(server));
		return new Listening(context, port, receivers);
	}

	/**
	 * One client factory and sending handler per receiver, each behind its own channel, connected.
	 * @param port the receivers' server
	 * @param receivers how many connections
	 * @param payloadSize bytes per packet
	 * @return the sender
	 * @throws Exception if a connection fails
	 */
	static Sender connectSenders(int port, int receivers, int payloadSize) throws Exception {
		List<TcpNetClientConnectionFactory> clients = new ArrayList<>();
		List<MessageChannel> channels = new ArrayList<>();
		AnnotationConfigApplicationContext context = context((beans) -> {
			for (int i = 0; i < receivers; i++) {
				TcpNetClientConnectionFactory client = factory(new TcpNetClientConnectionFactory("127.0.0.1", port),
						payloadSize);
				TcpSendingMessageHandler handler = new TcpSendingMessageHandler();
				handler.setConnectionFactory(client);
				DirectChannel channel = new DirectChannel();
				beans.registerBean("client-" + i, TcpNetClientConnectionFactory.class, () -> client);
				beans.registerBean("outbound-" + i, TcpSendingMessageHandler.class, () -> handler);
				beans.registerBean("to-receiver-" + i, DirectChannel.class, () -> channel);
				// what @ServiceActivator(inputChannel = ...) on the handler bean creates; it starts the handler
				beans.registerBean("outbound-endpoint-" + i, EventDrivenConsumer.class,
						() -> new EventDrivenConsumer(channel, handler));
				clients.add(client);
				channels.add(channel);
			}
		});
		// the client factories connect lazily; open every connection now, outside the timed windows
		return closeOnFailure(context::close, () -> {
			for (TcpNetClientConnectionFactory client : clients) {
				client.getConnection();
			}
			return new Sender(context, channels, payloadSize);
		});
	}

	/** The integration infrastructure every context needs. */
	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class IntegrationConfiguration {

	}

	/** A running echo server. */
	record EchoServer(AnnotationConfigApplicationContext context, int port) {
	}

	/**
	 * A running receiving server; each accepted connection gets its checked receiver when it opens
	 * (the factory's open-connection event), before its first message.
	 */
	record Listening(AnnotationConfigApplicationContext context, int port, List<CheckedReceiver> receivers) {

		boolean connected(int count) {
			return this.receivers.size() == count;
		}

	}

	/**
	 * Sends every packet to every channel, synchronously: the NET connection writes and flushes each
	 * message on the calling thread. Payload arrays are allocated per packet below 64 KiB, as an
	 * application would, and reused above (the write is done when {@code send} returns).
	 */
	static final class Sender implements PacketWindows.Sender {

		final AnnotationConfigApplicationContext context;

		private final List<MessageChannel> channels;

		private final int payloadSize;

		private final byte[] reused;

		Sender(AnnotationConfigApplicationContext context, List<MessageChannel> channels, int payloadSize) {
			this.context = context;
			this.channels = channels;
			this.payloadSize = payloadSize;
			this.reused = (payloadSize >= 64 * 1024) ? template(payloadSize) : null;
		}

		@Override
		public void send(long first, long end) {
			for (long sequence = first; sequence < end; sequence++) {
				byte[] payload = (this.reused != null) ? this.reused : template(this.payloadSize);
				SequenceChecker.writeLongLE(payload, 0, sequence);
				Message<byte[]> message = new GenericMessage<>(payload);
				for (MessageChannel channel : this.channels) {
					if (!channel.send(message)) {
						throw new IllegalStateException("packet " + sequence + " was not sent");
					}
				}
			}
		}

	}

}
