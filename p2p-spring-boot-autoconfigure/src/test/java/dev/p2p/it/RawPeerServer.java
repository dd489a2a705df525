package dev.p2p.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.p2p.handshake.HandshakeCodec;
import dev.p2p.peer.PeerIdentity;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.FrameFormat;

/**
 * A listening peer that accepts HELLOs and then never reads again: a peer whose application
 * stalled while its kernel still holds the connection.
 */
final class RawPeerServer implements AutoCloseable {

	private final ServerSocket server;

	private final CopyOnWriteArrayList<Socket> accepted = new CopyOnWriteArrayList<>();

	private final Thread acceptor;

	RawPeerServer(String nodeId) throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.server.setReceiveBufferSize(4096);
		this.acceptor = new Thread(() -> acceptLoop(nodeId), "raw-peer-server");
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	private void acceptLoop(String nodeId) {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				this.accepted.add(socket);
				byte[] header = socket.getInputStream().readNBytes(FrameFormat.HEADER_SIZE);
				socket.getInputStream().readNBytes(FrameFormat.readIntLE(header, 4));
				byte[] accept = new HandshakeCodec().writeIdentity(new PeerIdentity(PeerIdentity.PROTOCOL_VERSION,
						nodeId, "raw", "default", null, 0, "json"));
				byte[] frameHeader = new byte[FrameFormat.HEADER_SIZE];
				FrameFormat.writeHeader(frameHeader, 0, ControlCode.ACCEPT, accept.length);
				socket.getOutputStream().write(frameHeader);
				socket.getOutputStream().write(accept);
				socket.getOutputStream().flush();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	int port() {
		return this.server.getLocalPort();
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		for (Socket socket : this.accepted) {
			socket.close();
		}
	}


}
