package dev.p2p.transport.netty;

import java.nio.channels.SocketChannel;

import io.netty.channel.Channel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.jspecify.annotations.Nullable;

/**
 * A NIO socket channel that lets its {@link NettyConnection} write to the JDK channel directly
 * from the writing thread ({@link ChannelOutput}), which saves waking the event loop for a
 * write. That is safe with the JDK's non-blocking {@link SocketChannel}: its writes hold the
 * channel's write lock, and closing it (on the event loop) waits for a write in progress before
 * the file descriptor is released, so a write can never reach a descriptor number the process
 * has meanwhile reused; and a non-blocking write is not interruptible (an interrupted writer
 * does not close the channel). Netty's native epoll channel gives neither guarantee.
 */
final class DirectNioSocketChannel extends NioSocketChannel {

	/** A channel to dial with. */
	DirectNioSocketChannel() {
	}

	/**
	 * An accepted channel, or a hole-punched socket taken over ({@code parent} {@code null}).
	 * @param parent the server channel, {@code null} for a socket taken over
	 * @param socket the accepted or taken-over socket
	 */
	DirectNioSocketChannel(@Nullable Channel parent, SocketChannel socket) {
		super(parent, socket);
	}

	/**
	 * The JDK channel underneath, in non-blocking mode.
	 * @return the socket channel
	 */
	SocketChannel socket() {
		return javaChannel();
	}

}
