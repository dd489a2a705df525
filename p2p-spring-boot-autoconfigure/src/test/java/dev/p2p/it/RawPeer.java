package dev.p2p.it;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

import dev.p2p.handshake.HandshakeCodec;
import dev.p2p.peer.PeerIdentity;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;
import dev.p2p.wire.FrameFormat;

/**
 * A hand-driven peer on a plain socket, speaking the wire format byte by byte: how the tests
 * play dpea-p2p clients, stalled or malformed handshakes and abrupt failures.
 */
final class RawPeer implements AutoCloseable {

	final Socket socket;

	private final DataInputStream in;

	private final OutputStream out;

	RawPeer(int port) throws IOException {
		this(port, null);
	}

	/**
	 * Connect from a given loopback source address (any of 127.0.0.0/8 works on Linux), so one
	 * test can play many remote addresses.
	 * @param port the node's port
	 * @param localAddress source address, {@code null} for the default
	 */
	RawPeer(int port, String localAddress) throws IOException {
		this.socket = new Socket();
		if (localAddress != null) {
			this.socket.bind(new InetSocketAddress(localAddress, 0));
		}
		this.socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
		this.socket.setSoTimeout(10_000);
		this.in = new DataInputStream(this.socket.getInputStream());
		this.out = this.socket.getOutputStream();
	}

	void send(int type, byte[] payload) throws IOException {
		byte[] header = new byte[FrameFormat.HEADER_SIZE];
		FrameFormat.writeHeader(header, 0, type, payload.length);
		this.out.write(header);
		this.out.write(payload);
		this.out.flush();
	}

	void sendRaw(byte[] bytes) throws IOException {
		this.out.write(bytes);
		this.out.flush();
	}

	void hello(String nodeId, String instanceId, String networkId) throws IOException {
		send(ControlCode.HELLO, new HandshakeCodec().writeIdentity(
				new PeerIdentity(PeerIdentity.PROTOCOL_VERSION, nodeId, instanceId, networkId, null, 0, "json")));
	}

	/**
	 * The next frame other than a heartbeat: the node's PINGs are answered (as a live peer
	 * would) and PONGs skipped, so a test that runs past a heartbeat interval reads what it expects.
	 * @return the frame
	 */
	Frame receive() throws IOException {
		while (true) {
			Frame frame = receiveAny();
			if (frame.type() == ControlCode.PING) {
				send(ControlCode.PONG, frame.payload());
			}
			else if (frame.type() != ControlCode.PONG) {
				return frame;
			}
		}
	}

	/**
	 * The next frame, heartbeats included.
	 * @return the frame
	 */
	Frame receiveAny() throws IOException {
		byte[] header = new byte[FrameFormat.HEADER_SIZE];
		this.in.readFully(header);
		int length = FrameFormat.readIntLE(header, 4);
		byte[] payload = new byte[length];
		this.in.readFully(payload);
		return new Frame(FrameFormat.readIntLE(header, 0), payload);
	}

	/**
	 * Whether the other side closed the connection (reads until end of stream).
	 * @return {@code true} at end of stream or reset, {@code false} if still open after the socket timeout
	 */
	boolean closedByPeer() throws IOException {
		try {
			while (this.in.read() >= 0) {
				// drain whatever was sent before the close
			}
			return true;
		}
		catch (EOFException | java.net.SocketException ex) {
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
	}

	/** Close with a TCP reset rather than an orderly FIN. */
	void reset() throws IOException {
		this.socket.setSoLinger(true, 0);
		this.socket.close();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
