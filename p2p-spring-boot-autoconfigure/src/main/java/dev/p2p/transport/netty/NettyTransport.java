package dev.p2p.transport.netty;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.SocketFactory;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.handler.ssl.SslHandler;
import org.jspecify.annotations.Nullable;

import dev.p2p.transport.ConnectionHandler;
import dev.p2p.transport.TlsSettings;
import dev.p2p.transport.Transport;
import dev.p2p.transport.TransportSettings;
import dev.p2p.transport.tcp.FrameBatchSerializer;
import dev.p2p.transport.tcp.HappyEyeballs;
import dev.p2p.transport.tcp.ReusePortSockets;
import dev.p2p.wire.FrameDecoder;

/**
 * The event-loop transport: one accepting event loop and one per core that read and write every
 * connection, so a connection costs no thread of its own (the TCP transport's reader thread per
 * connection is what limits its handshake rate and memory per idle peer). Frames are read and
 * handed to the engine on the event loop ({@link FrameReader}); when the engine's listener queue
 * for a peer is full it pauses reading from that connection instead of blocking. Dialling
 * resolves the host and tries its addresses one after the other in RFC 8305 order. A hole-punched
 * socket ({@link #adopt}, made by {@link #adoptableSockets()}) joins the same event loops (they are
 * NIO loops, see {@link EventLoops}); with port reuse the listener shares its port
 * ({@code SO_REUSEPORT}) so that punches leave from it.
 */
public final class NettyTransport implements Transport {

	/** Above this many bytes waiting to be written a writer waits; below the low mark it goes on. */
	private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

	private final FrameDecoder decoder;

	private final ConnectionHandler handler;

	private final TransportSettings settings;

	private final @Nullable TlsSettings tls;

	private final FrameBatchSerializer serializer = new FrameBatchSerializer();

	private final AtomicLong ids = new AtomicLong();

	private final Set<Channel> channels = ConcurrentHashMap.newKeySet();

	private @Nullable EventLoops loops;

	private volatile @Nullable Channel server;

	/**
	 * Create the transport; it starts its event loops when it first listens or dials.
	 * @param decoder frame decoder (limits and accepted types)
	 * @param handler receives connection callbacks
	 * @param settings socket settings
	 * @param tls TLS for the server and dialled connections, {@code null} for plain TCP
	 */
	public NettyTransport(FrameDecoder decoder, ConnectionHandler handler, TransportSettings settings,
			@Nullable TlsSettings tls) {
		this.decoder = decoder;
		this.handler = handler;
		this.settings = settings;
		this.tls = tls;
	}

	@Override
	public InetSocketAddress startServer(@Nullable String address, int port, Duration bindTimeout) throws IOException {
		EventLoops running = loops();
		ServerBootstrap bootstrap = new ServerBootstrap().group(running.boss(), running.workers())
			.channelFactory(running.serverChannels())
			.option(ChannelOption.SO_BACKLOG, this.settings.backlog())
			.option(ChannelOption.SO_REUSEADDR, true)
			.childHandler(initializer(true, null));
		socketOptions().forEach(bootstrap::childOption);
		InetAddress local = (address == null || address.isBlank()) ? null : InetAddress.getByName(address);
		int bindPort = port;
		if (this.settings.portReuse() && ReusePortSockets.supported()) {
			// hole punches dial from this port: every socket of the port needs SO_REUSEPORT before its bind
			try {
				bindPort = ReusePortSockets.freePort(local, port);
			}
			catch (IOException ex) {
				throw new IOException("Cannot listen on " + ((address != null) ? address : "*") + ":" + port + ": "
						+ ex.getMessage(), ex);
			}
			ChannelSockets.prepare();
			bootstrap.option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
		}
		InetSocketAddress bindTo = new InetSocketAddress(local, bindPort);
		ChannelFuture bound = bootstrap.bind(bindTo);
		if (!bound.awaitUninterruptibly(bindTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
			bound.channel().close();
			throw new IOException("Server socket on port " + port + " not bound within " + bindTimeout);
		}
		if (!bound.isSuccess()) {
			Throwable cause = bound.cause();
			throw new IOException("Cannot listen on " + ((address != null) ? address : "*") + ":" + port + ": "
					+ cause.getMessage(), cause);
		}
		this.server = bound.channel();
		return (InetSocketAddress) bound.channel().localAddress();
	}

	@Override
	public void stopServer() {
		Channel listening = this.server;
		this.server = null;
		if (listening != null) {
			listening.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
		}
	}

	@Override
	public boolean isListening() {
		Channel listening = this.server;
		return listening != null && listening.isActive();
	}

	@Override
	public NettyConnection connect(String host, int port) throws IOException {
		List<InetAddress> addresses;
		try {
			addresses = HappyEyeballs.order(List.of(InetAddress.getAllByName(host)));
		}
		catch (UnknownHostException ex) {
			throw new IOException("Cannot connect to " + host + ":" + port + ": Cannot resolve " + host, ex);
		}
		long deadline = System.nanoTime() + this.settings.connectTimeout().toNanos();
		IOException failure = null;
		for (InetAddress address : addresses) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				break;
			}
			try {
				return dial(new InetSocketAddress(address, port), host, left);
			}
			catch (IOException ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		IOException cause = (failure != null) ? failure
				: new SocketTimeoutException("not connected within " + this.settings.connectTimeout());
		throw new IOException("Cannot connect to " + host + ":" + port + ": " + reason(cause), cause);
	}

	/** The failure's message without the address Netty appends to a refused connect (the caller names it). */
	private static @Nullable String reason(IOException failure) {
		String message = failure.getMessage();
		int address = (failure instanceof ConnectException && message != null) ? message.lastIndexOf(": /") : -1;
		return (address > 0) ? message.substring(0, address) : message;
	}

	private NettyConnection dial(InetSocketAddress target, String host, long timeoutNanos) throws IOException {
		EventLoops running = loops();
		Bootstrap bootstrap = new Bootstrap().group(running.workers())
			.channelFactory(running.channels())
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos)))
			// nothing is read before the engine has been told about the connection
			.option(ChannelOption.AUTO_READ, false)
			.handler(initializer(false, InetSocketAddress.createUnresolved(host, target.getPort())));
		socketOptions().forEach(bootstrap::option);
		ChannelFuture connected = bootstrap.connect(target);
		if (!connected.awaitUninterruptibly(timeoutNanos + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS)) {
			connected.channel().close();
			throw new SocketTimeoutException("connect to " + target + " timed out");
		}
		if (!connected.isSuccess()) {
			Throwable cause = connected.cause();
			throw (cause instanceof IOException io) ? io : new IOException(cause.getMessage(), cause);
		}
		NettyConnection connection = connected.channel().pipeline().get(FrameReader.class).connection();
		// on this thread: the engine finds the dial request it belongs to here
		connection.opened();
		return connection;
	}

	/**
	 * Take over a hole-punched socket: its channel joins the event loops and goes through the
	 * pipeline of an accepted ({@code accepting}) or a dialled connection.
	 * @param socket a connected socket made by {@link #adoptableSockets()}
	 * @param accepting whether this end acts as the accepting one (TLS server, waits for HELLO)
	 * @param first bytes written before anything else (inside TLS), such as PUNCH_JOIN; may be empty
	 * @return the connection
	 * @throws IOException if the socket has no channel or cannot be registered
	 */
	@Override
	public NettyConnection adopt(Socket socket, boolean accepting, byte[] first) throws IOException {
		SocketChannel javaChannel = socket.getChannel();
		if (javaChannel == null) {
			socket.close();
			throw new IOException("The netty transport takes over only sockets with a channel (Transport#adoptableSockets)");
		}
		try {
			javaChannel.configureBlocking(false);
			DirectNioSocketChannel channel = new DirectNioSocketChannel(null, javaChannel);
			socketOptions().forEach((option, value) -> channel.config().setOption(option, value));
			// as a dialled connection: nothing is read before the engine has been told about it
			channel.config().setAutoRead(accepting);
			InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
			channel.pipeline().addLast(initializer(accepting,
					accepting ? null : InetSocketAddress.createUnresolved(remote.getAddress().getHostAddress(), remote.getPort())));
			ChannelFuture registered = loops().workers().register(channel);
			if (!registered.awaitUninterruptibly(this.settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
					|| !registered.isSuccess()) {
				channel.close();
				Throwable cause = registered.cause();
				throw new IOException("Cannot take over the connection to " + remote + ": "
						+ ((cause != null) ? cause.getMessage() : "not registered in time"), cause);
			}
			NettyConnection connection = channel.pipeline().get(FrameReader.class).connection();
			if (first.length > 0) {
				connection.writeFirst(first);
			}
			if (!accepting) {
				// on this thread, after the first bytes: the engine's HELLO follows them
				connection.opened();
			}
			return connection;
		}
		catch (IOException | RuntimeException ex) {
			socket.close();
			throw ex;
		}
	}

	@Override
	public SocketFactory adoptableSockets() {
		return ChannelSockets.INSTANCE;
	}

	private ChannelInitializer<Channel> initializer(boolean inbound, @Nullable InetSocketAddress peer) {
		return new ChannelInitializer<>() {
			@Override
			protected void initChannel(Channel channel) {
				TlsSettings tlsSettings = NettyTransport.this.tls;
				SslHandler ssl = (tlsSettings != null) ? NettyTls.handler(tlsSettings, !inbound, peer) : null;
				NettyConnection connection = new NettyConnection(channel, inbound, ssl,
						(inbound ? "in-" : "out-") + NettyTransport.this.ids.incrementAndGet(),
						NettyTransport.this.handler, NettyTransport.this.serializer);
				FrameReader reader = new FrameReader(connection, NettyTransport.this.decoder,
						NettyTransport.this.handler, ssl == null, !inbound);
				connection.reader(reader);
				if (ssl != null) {
					if (inbound) {
						channel.pipeline().addLast(new PlaintextSniffer(connection));
					}
					channel.pipeline().addLast(ssl);
				}
				channel.pipeline().addLast(reader);
				NettyTransport.this.channels.add(channel);
				channel.closeFuture().addListener((closed) -> NettyTransport.this.channels.remove(channel));
			}
		};
	}

	/** The options of every connection's socket, accepted or dialled. */
	@SuppressWarnings("unchecked")
	private Map<ChannelOption<Object>, Object> socketOptions() {
		Map<ChannelOption<?>, Object> options = new LinkedHashMap<>();
		options.put(ChannelOption.TCP_NODELAY, this.settings.tcpNoDelay());
		options.put(ChannelOption.SO_KEEPALIVE, true);
		options.put(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK);
		if (this.settings.receiveBufferSize() > 0) {
			options.put(ChannelOption.SO_RCVBUF, this.settings.receiveBufferSize());
		}
		if (this.settings.sendBufferSize() > 0) {
			options.put(ChannelOption.SO_SNDBUF, this.settings.sendBufferSize());
		}
		return (Map<ChannelOption<Object>, Object>) (Map<?, ?>) options;
	}

	@Override
	public void stop() {
		stopServer();
		// each connection flushes what it was given before it closes (for a short while)
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
		List<NettyConnection> open = this.channels.stream()
			.map((channel) -> channel.pipeline().get(FrameReader.class))
			.filter((reader) -> reader != null)
			.map(FrameReader::connection)
			.toList();
		open.forEach(NettyConnection::close);
		for (NettyConnection connection : open) {
			connection.closeFuture().awaitUninterruptibly(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		EventLoops running;
		synchronized (this) {
			running = this.loops;
			this.loops = null;
		}
		if (running != null) {
			running.shutdown();
		}
	}

	private synchronized EventLoops loops() {
		EventLoops running = this.loops;
		if (running == null) {
			running = EventLoops.start(Runtime.getRuntime().availableProcessors());
			this.loops = running;
		}
		return running;
	}

}
