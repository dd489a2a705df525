package dev.p2p.transport.netty;

import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The threads of one transport: one event loop that accepts and as many as there are cores that
 * read and write. They are NIO loops, not Netty's native epoll: a writer writes to a
 * {@link DirectNioSocketChannel} itself instead of waking the event loop, which only the JDK's
 * channel makes safe against the event loop closing it meanwhile.
 *
 * @param boss accepts connections
 * @param workers read and write the connections
 * @param serverChannels creates the listening channel
 * @param channels creates the channels to dial with
 */
record EventLoops(EventLoopGroup boss, EventLoopGroup workers, ChannelFactory<ServerChannel> serverChannels,
		ChannelFactory<Channel> channels) {

	/**
	 * Start the loops.
	 * @param workers number of worker loops
	 * @return the running loops
	 */
	static EventLoops start(int workers) {
		IoHandlerFactory io = NioIoHandler.newFactory();
		EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("p2p-accept-netty", true),
				io);
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(workers, new DefaultThreadFactory("p2p-io-netty", true),
				io);
		return new EventLoops(boss, group, DirectNioServerSocketChannel::new, DirectNioSocketChannel::new);
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

}
