package dev.p2p.transport.netty;

import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
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
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The threads of one transport: one event loop that accepts and as many as there are cores that
 * read and write, on epoll where its native library loads and on NIO elsewhere.
 *
 * @param boss accepts connections
 * @param workers read and write the connections
 * @param serverChannel the server channel class matching the loops
 * @param channel the socket channel class matching the loops
 * @param epoll whether the loops are epoll loops
 */
record EventLoops(EventLoopGroup boss, EventLoopGroup workers, Class<? extends ServerChannel> serverChannel,
		Class<? extends Channel> channel, boolean epoll) {

	private static final boolean EPOLL = epollAvailable();

	/**
	 * Start the loops.
	 * @param workers number of worker loops
	 * @return the running loops
	 */
	static EventLoops start(int workers) {
		IoHandlerFactory io = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
		EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("p2p-accept-netty", true),
				io);
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(workers, new DefaultThreadFactory("p2p-io-netty", true),
				io);
		return EPOLL ? new EventLoops(boss, group, EpollServerSocketChannel.class, EpollSocketChannel.class, true)
				: new EventLoops(boss, group, NioServerSocketChannel.class, NioSocketChannel.class, false);
	}

	/**
	 * Stop the loops gracefully and wait a little for their threads to end.
	 */
	void shutdown() {
		this.boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
		this.workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
		this.boss.terminationFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
		this.workers.terminationFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
	}

	private static boolean epollAvailable() {
		try {
			return Epoll.isAvailable();
		}
		catch (LinkageError ex) {
			// netty-transport-classes-epoll is not on the class path
			return false;
		}
	}

}
