package dev.p2p.bench;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
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

/**
 * Two Netty event loop groups of one thread each (epoll when available, NIO otherwise), one
 * server channel, its clients.
 */
final class NettyEndpoints implements AutoCloseable {

	private static final boolean EPOLL = Epoll.isAvailable();

	private final EventLoopGroup serverGroup = newGroup();

	private final EventLoopGroup clientGroup = newGroup();

	SocketAddress address;

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
