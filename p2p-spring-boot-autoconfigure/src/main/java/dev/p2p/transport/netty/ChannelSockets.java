package dev.p2p.transport.netty;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;

import javax.net.SocketFactory;

import org.jspecify.annotations.Nullable;

/**
 * Makes sockets that have a {@link SocketChannel} ({@link Socket#getChannel()}), the only kind
 * the event-loop transport can take over once connected: a hole punch dials them from the listen
 * port with blocking connects, then {@link NettyTransport#adopt} hands their channel to an event
 * loop. Plain {@code new Socket()}s have no channel.
 */
final class ChannelSockets extends SocketFactory {

	static final ChannelSockets INSTANCE = new ChannelSockets();

	private ChannelSockets() {
	}

	/**
	 * Open and close one channel, so that the JDK's channel classes are loaded and initialised
	 * before a hole punch needs them: the initiator dials first by design, and on its first punch
	 * (hundreds of milliseconds of class initialisation on a busy machine) it would otherwise dial
	 * after the responder, whose connection then takes the address pair every retry needs.
	 */
	static void prepare() {
		try {
			SocketChannel.open().close();
		}
		catch (IOException ex) {
			// the punch will report what fails
		}
	}

	@Override
	public Socket createSocket() throws IOException {
		return SocketChannel.open().socket();
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return connected(new InetSocketAddress(host, port), null);
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return connected(new InetSocketAddress(host, port), null);
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
	}

	private Socket connected(InetSocketAddress target, @Nullable InetSocketAddress local) throws IOException {
		Socket socket = createSocket();
		try {
			if (local != null) {
				socket.bind(local);
			}
			socket.connect(target);
			return socket;
		}
		catch (IOException | RuntimeException ex) {
			socket.close();
			throw ex;
		}
	}

}
