package dev.p2p.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A dumb TCP relay for tests: every connection accepted on a loopback port is piped, byte for
 * byte, to a fixed target. A session through it stands in for a relayed one: the two nodes'
 * own ports are not connected to each other, as with a circuit relay.
 */
final class TcpForwarder implements AutoCloseable {

	private final ServerSocket server;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private TcpForwarder(ServerSocket server) {
		this.server = server;
	}

	/**
	 * Start forwarding.
	 * @param target where accepted connections are piped to
	 * @return the forwarder, listening on an ephemeral loopback port
	 */
	static TcpForwarder to(InetSocketAddress target) throws IOException {
		TcpForwarder forwarder = new TcpForwarder(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
		Thread acceptor = new Thread(() -> forwarder.accept(target), "forwarder-accept");
		acceptor.setDaemon(true);
		acceptor.start();
		return forwarder;
	}

	/** Its address, {@code 127.0.0.1:port}. */
	String address() {
		return "127.0.0.1:" + this.server.getLocalPort();
	}

	private void accept(InetSocketAddress target) {
		while (!this.server.isClosed()) {
			try {
				Socket in = this.server.accept();
				Socket out = new Socket();
				out.connect(target, 3000);
				this.sockets.add(in);
				this.sockets.add(out);
				pipe(in, out);
				pipe(out, in);
			}
			catch (IOException ex) {
				// closed, or the target refused: the accepted side is dropped
			}
		}
	}

	private void pipe(Socket from, Socket to) {
		Thread pump = new Thread(() -> {
			byte[] buffer = new byte[65536];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
					out.write(buffer, 0, n);
				}
			}
			catch (IOException ex) {
				// one side closed
			}
			close(from);
			close(to);
		}, "forwarder-pipe");
		pump.setDaemon(true);
		pump.start();
	}

	private static void close(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	/** Cut every forwarded connection (both ends see it closed), and go on accepting new ones. */
	void cut() {
		List<Socket> open = List.copyOf(this.sockets);
		this.sockets.removeAll(open);
		open.forEach(TcpForwarder::close);
	}

	/** Stop accepting and cut every forwarded connection. */
	@Override
	public void close() throws IOException {
		this.server.close();
		this.sockets.forEach(TcpForwarder::close);
	}

}
