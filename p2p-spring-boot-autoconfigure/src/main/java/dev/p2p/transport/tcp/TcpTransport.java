package dev.p2p.transport.tcp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.AbstractConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpListener;
import org.springframework.integration.ip.tcp.connection.TcpNetClientConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpSender;
import org.springframework.messaging.Message;
import org.springframework.scheduling.TaskScheduler;

import dev.p2p.transport.ConnectionHandler;
import dev.p2p.transport.TlsSettings;
import dev.p2p.transport.Transport;
import dev.p2p.transport.TransportSettings;
import dev.p2p.wire.FrameDecoder;

/**
 * The node's TCP transport, built on Spring Integration IP's NET connection factories: one
 * server factory that accepts, and one client factory that dials any address
 * ({@link DialingConnectionFactory}); both forget a connection as soon as it closes, so neither
 * the addresses dialled nor the connections accepted over a node's life stay in memory. Each connection gets a dedicated
 * reader thread (blocking I/O keeps per-connection order and lets the reader decode every
 * buffered frame in one go); reads are batched by {@link FrameBatchDeserializer}, writes by
 * {@link FrameBatchSerializer}, and {@link FrameMessageMapper} keeps per-message overhead out.
 */
public final class TcpTransport implements Transport, TcpListener, TcpSender {

	/** Spring Integration's per-connection events are not needed: the node publishes its own. */
	private static final ApplicationEventPublisher NO_CONNECTION_EVENTS = (event) -> {
	};

	private final ConnectionHandler handler;

	private final FrameBatchDeserializer deserializer;

	private final FrameBatchSerializer serializer = new FrameBatchSerializer();

	private final FrameMessageMapper mapper = new FrameMessageMapper();

	private final Executor ioExecutor;

	private final TransportSettings settings;

	private final List<ConnectionFactoryCustomizer> customizers;

	private final TaskScheduler scheduler;


	private final @Nullable TlsSettings tls;

	private volatile @Nullable AcceptingConnectionFactory server;

	// the listener shares its port with outbound sockets (hole punching), where the platform can
	private final boolean portReuse;

	// written under this object's monitor, read without it when a connection closes
	private volatile @Nullable DialingConnectionFactory dialer;

	/**
	 * Create the transport.
	 * @param decoder frame decoder (limits and accepted types)
	 * @param handler receives connection callbacks
	 * @param ioExecutor runs accept loops and one reader per connection; must not queue tasks
	 * @param settings socket settings
	 * @param customizers applied to every connection factory
	 * @param scheduler timer for the factories' own housekeeping
	 */
	public TcpTransport(FrameDecoder decoder, ConnectionHandler handler, Executor ioExecutor,
			TransportSettings settings, List<ConnectionFactoryCustomizer> customizers, TaskScheduler scheduler) {
		this(decoder, handler, ioExecutor, settings, null, customizers, scheduler);
	}

	/**
	 * Create the transport, with TLS on every connection when {@code tls} is given.
	 * @param decoder frame decoder (limits and accepted types)
	 * @param handler receives connection callbacks
	 * @param ioExecutor runs accept loops and one reader per connection; must not queue tasks
	 * @param settings socket settings
	 * @param tls TLS for the server and dialled connections, {@code null} for plain TCP
	 * @param customizers applied to every connection factory
	 * @param scheduler timer for the factories' own housekeeping
	 */
	public TcpTransport(FrameDecoder decoder, ConnectionHandler handler, Executor ioExecutor,
			TransportSettings settings, @Nullable TlsSettings tls, List<ConnectionFactoryCustomizer> customizers,
			TaskScheduler scheduler) {
		this.tls = tls;
		this.deserializer = new FrameBatchDeserializer(decoder);
		this.handler = handler;
		this.ioExecutor = ioExecutor;
		this.settings = settings;
		this.customizers = List.copyOf(customizers);
		this.scheduler = scheduler;
		this.portReuse = settings.portReuse() && ReusePortSockets.supported();
	}

	/**
	 * Bind the server socket and start accepting.
	 * @param address local address to bind, {@code null} or {@code 0.0.0.0} for all
	 * @param port port, 0 for an ephemeral one
	 * @param bindTimeout how long to wait for the bind
	 * @return the bound address
	 * @throws IOException if the port cannot be bound
	 */
	@Override
	public InetSocketAddress startServer(@Nullable String address, int port, Duration bindTimeout) throws IOException {
		AcceptingConnectionFactory factory = new AcceptingConnectionFactory(port, this.portReuse);
		if (address != null && !address.isBlank()) {
			factory.setLocalAddress(address);
		}
		factory.setBacklog(this.settings.backlog());
		configure(factory);
		factory.start();
		this.server = factory;
		try {
			return factory.awaitBound(address, bindTimeout);
		}
		catch (IOException ex) {
			this.server = null;
			throw ex;
		}
	}

	/**
	 * Stop accepting and close the server socket. Accepted connections stay open.
	 */
	@Override
	public void stopServer() {
		AcceptingConnectionFactory factory = this.server;
		if (factory != null) {
			factory.stopAccepting();
		}
	}

	/**
	 * Whether the server socket is bound and accepting.
	 * @return {@code true} while listening
	 */
	@Override
	public boolean isListening() {
		AcceptingConnectionFactory factory = this.server;
		return factory != null && factory.isListening();
	}

	/**
	 * Dial a peer. Blocks until the TCP connection is established; the handler has been told
	 * about it (and may have queued a greeting) before this returns.
	 * @param host host name or address
	 * @param port port
	 * @return the new connection
	 * @throws IOException if the connection cannot be made
	 */
	@Override
	public TcpPeerConnection connect(String host, int port) throws IOException {
		try {
			return (TcpPeerConnection) dialer().dial(host, port);
		}
		catch (IOException ex) {
			throw new IOException("Cannot connect to " + host + ":" + port + ": " + ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new IOException("Cannot connect to " + host + ":" + port + ": " + cause.getMessage(), cause);
		}
	}

	/**
	 * Take over a socket connected by other means (a hole punch's simultaneous open, where both
	 * ends dialled): with TLS it is layered on the socket, the dialling end as client.
	 * @param socket the connected plain socket
	 * @param accepting whether this end acts as the accepting one (TLS server, waits for HELLO)
	 * @param first bytes to write before anything else (inside TLS), such as PUNCH_JOIN; may be empty
	 * @return the new connection
	 * @throws IOException if TLS or the first bytes fail
	 */
	@Override
	public TcpPeerConnection adopt(Socket socket, boolean accepting, byte[] first) throws IOException {
		Socket connected = socket;
		TlsSettings tlsSettings = this.tls;
		DialingConnectionFactory factory = dialer();
		try {
			if (tlsSettings != null) {
				javax.net.ssl.SSLSocket ssl = (javax.net.ssl.SSLSocket) tlsSettings.context()
					.current()
					.context()
					.getSocketFactory()
					.createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
				ssl.setUseClientMode(!accepting);
				new TlsSocketSupport(tlsSettings).postProcessSocket(ssl);
				connected = ssl;
			}
			if (first.length > 0) {
				connected.getOutputStream().write(first);
				connected.getOutputStream().flush();
			}
			return (TcpPeerConnection) factory.adopt(connected, accepting);
		}
		catch (IOException | RuntimeException ex) {
			connected.close();
			throw ex;
		}
	}

	/**
	 * Close the server socket, every connection and every client factory.
	 */
	@Override
	public void stop() {
		AcceptingConnectionFactory factory = this.server;
		this.server = null;
		if (factory != null) {
			factory.stop();
		}
		DialingConnectionFactory clients;
		synchronized (this) {
			clients = this.dialer;
			this.dialer = null;
		}
		if (clients != null) {
			clients.stop();
		}
	}

	private synchronized DialingConnectionFactory dialer() {
		DialingConnectionFactory factory = this.dialer;
		if (factory == null) {
			// ordinary dials leave from ephemeral ports: from the listen port, two nodes dialling each
			// other at the same moment would make one TCP connection (a simultaneous open) that both
			// think they dialled; peers' observations are mapped onto the listen port instead
			// (dev.p2p.nat.DialBacks), and only hole punches dial from the listen port
			factory = new DialingConnectionFactory((socket, server) -> newConnection(socket, server, false, null, null));
			// single use: a new socket per dial, never a shared one
			factory.setSingleUse(true);
			factory.setConnectTimeout((int) Math.max(1, this.settings.connectTimeout().toSeconds()));
			configure(factory);
			factory.start();
			this.dialer = factory;
		}
		return factory;
	}

	private void configure(AbstractConnectionFactory factory) {
		factory.setTaskExecutor(this::execute);
		factory.setDeserializer(this.deserializer);
		factory.setSerializer(this.serializer);
		factory.setMapper(this.mapper);
		factory.setSoTcpNoDelay(this.settings.tcpNoDelay());
		factory.setSoKeepAlive(true);
		if (this.settings.receiveBufferSize() > 0) {
			factory.setSoReceiveBufferSize(this.settings.receiveBufferSize());
		}
		if (this.settings.sendBufferSize() > 0) {
			factory.setSoSendBufferSize(this.settings.sendBufferSize());
		}
		factory.registerListener(this);
		factory.registerSender(this);
		factory.setTaskScheduler(this.scheduler);
		// the node publishes its own events; Spring Integration's per-connection events are not needed
		factory.setApplicationEventPublisher(NO_CONNECTION_EVENTS);
		TlsSocketFactorySupport tlsSockets = null;
		TlsSettings tlsSettings = this.tls;
		if (tlsSettings != null) {
			tlsSockets = new TlsSocketFactorySupport(tlsSettings.context());
			factory.setTcpSocketSupport(new TlsSocketSupport(tlsSettings));
		}
		if (factory instanceof TcpNetServerConnectionFactory serverFactory) {
			serverFactory.setTcpNetConnectionSupport(this::newConnection);
			if (tlsSockets != null) {
				serverFactory.setTcpSocketFactorySupport(tlsSockets);
			}
		}
		else if (factory instanceof TcpNetClientConnectionFactory clientFactory) {
			clientFactory.setTcpNetConnectionSupport(this::newConnection);
			if (tlsSockets != null) {
				clientFactory.setTcpSocketFactorySupport(tlsSockets);
			}
		}
		factory.setBeanName("p2p-" + (factory instanceof TcpNetServerConnectionFactory ? "server" : "client"));
		this.customizers.forEach((customizer) -> customizer.customize(factory));
	}

	/**
	 * Run an accept loop or a connection's reader; a connection refused before its first byte
	 * gets no reader thread (under a flood of refused connections, threads would be the cost).
	 */
	private void execute(Runnable task) {
		if (task instanceof TcpPeerConnection connection && connection.isReadingSkipped()) {
			return;
		}
		this.ioExecutor.execute(task);
	}

	private TcpPeerConnection newConnection(Socket socket, boolean server, boolean lookupHost,
			@Nullable ApplicationEventPublisher publisher, @Nullable String factoryName) {
		// a connection built by DialingConnectionFactory#dial gets no publisher from Spring
		// Integration, which then logs a WARN for every open, close and failure; the node
		// publishes its own events, so the connection's events go nowhere
		return new TcpPeerConnection(socket, server, NO_CONNECTION_EVENTS, factoryName, this.serializer);
	}

	@Override
	public void onMessage(Message<?> message) {
		if (message instanceof FrameMessage frames) {
			this.handler.framesReceived(frames.connection(), frames.getPayload());
		}
		// error messages need no handling: the connection records the cause and closes
	}

	@Override
	public void addNewConnection(TcpConnection connection) {
		this.handler.connectionOpened((TcpPeerConnection) connection);
	}

	@Override
	public void removeDeadConnection(TcpConnection connection) {
		TcpPeerConnection peerConnection = (TcpPeerConnection) connection;
		// the factories would keep a closed connection (and the session attached to it) until
		// their next accept or dial: forget it now
		AcceptingConnectionFactory factory = this.server;
		if (factory != null) {
			factory.forget(connection);
		}
		DialingConnectionFactory clients = this.dialer;
		if (clients != null) {
			clients.forget(connection);
		}
		if (peerConnection.markCloseReported()) {
			this.handler.connectionClosed(peerConnection);
		}
	}

}
