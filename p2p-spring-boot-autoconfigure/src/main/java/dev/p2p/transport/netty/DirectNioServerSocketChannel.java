package dev.p2p.transport.netty;

import java.nio.channels.SocketChannel;
import java.util.List;

import io.netty.channel.ChannelException;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * A NIO server channel whose accepted connections are {@link DirectNioSocketChannel}s.
 */
final class DirectNioServerSocketChannel extends NioServerSocketChannel {

	@Override
	protected int doReadMessages(List<Object> accepted) throws Exception {
		SocketChannel socket = javaChannel().accept();
		if (socket == null) {
			return 0;
		}
		try {
			accepted.add(new DirectNioSocketChannel(this, socket));
			return 1;
		}
		catch (ChannelException ex) {
			// the socket could not be made non-blocking: the channel's constructor closed it
			return 0;
		}
	}

}
