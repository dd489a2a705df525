package dev.p2p.it;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A peerpy {@code Peer} played byte by byte on plain loopback sockets, as the wire-facts
 * document gives it (its own bytes, not the production codec, so the two check each other).
 *
 * <pre>
 * dial:    HELLO|peer_name=127.0.0.1:P&amp;data_type=json&amp;strict=True|||...   &lt;- ACCEPT|||... or DENY|||...
 * data:    DATA|data_size=N&amp;data_type=json|||...  (one write)   {"data": ...}  (a second write, as peerpy)
 * idle:    PING|||...                                    close: RST (peerpy never notices a FIN)
 * </pre>
 */
final class PeerpyTestPeer implements AutoCloseable {

	static final int HEADER_SIZE = 128;

	private final Socket socket;

	private final DataInputStream in;

	private final OutputStream out;

	private final String dataType;

	private final String hello;

	/** A send of data the node refuses met the node's reset. */
	private boolean resetWhileSending;

	private PeerpyTestPeer(Socket socket, String dataType, String hello) throws IOException {
		this.socket = socket;
		this.in = new DataInputStream(socket.getInputStream());
		this.out = socket.getOutputStream();
		this.dataType = dataType;
		this.hello = hello;
	}

	/**
	 * Dial a node's peerpy port and send a HELLO, as {@code Peer.connect} does.
	 * @param port the node's peerpy port on 127.0.0.1
	 * @param peerName this peer's {@code peer_name}
	 * @param dataType {@code json}, {@code bytes} or {@code raw}
	 * @param extraFields more fields, such as {@code &stream=True} (empty for none)
	 */
	static PeerpyTestPeer dial(int port, String peerName, String dataType, String extraFields) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
		socket.setSoTimeout(2000);
		PeerpyTestPeer peer = new PeerpyTestPeer(socket, dataType, null);
		peer.sendHeader("HELLO|peer_name=" + peerName + "&data_type=" + dataType + "&strict=True" + extraFields);
		return peer;
	}

	/**
	 * Accept one offer on a listening socket and answer it.
	 * @param server the listening socket
	 * @param accept {@code true} to answer ACCEPT, {@code false} to DENY and reset
	 * @return the connection (its {@link #hello()} holds the offer)
	 */
	static PeerpyTestPeer accept(ServerSocket server, boolean accept) throws IOException {
		Socket socket = server.accept();
		socket.setSoTimeout(2000);
		byte[] header = new DataInputStream(socket.getInputStream()).readNBytes(HEADER_SIZE);
		String hello = new String(header, StandardCharsets.UTF_8);
		String fields = hello.split("\\|")[1];
		String dataType = fields.replaceAll(".*data_type=([a-z]+).*", "$1");
		PeerpyTestPeer peer = new PeerpyTestPeer(socket, dataType, hello);
		peer.sendHeader(accept ? "ACCEPT" : "DENY");
		if (!accept) {
			peer.close();
		}
		return peer;
	}

	/** A listening socket on an ephemeral loopback port, as a peerpy listener. */
	static ServerSocket listen() throws IOException {
		return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
	}

	/** The HELLO this peer accepted (listener side), {@code null} on the dialer side. */
	String hello() {
		return this.hello;
	}

	/** Read the answer to this peer's HELLO: {@code true} only for ACCEPT, as peerpy. */
	boolean accepted() throws IOException {
		byte[] answer = this.in.readNBytes(HEADER_SIZE);
		return answer.length == HEADER_SIZE && new String(answer, StandardCharsets.UTF_8).startsWith("ACCEPT");
	}

	/** Send a json value: {@code {"data": value}} with Python's separators. */
	void sendJson(String pythonJsonValue) throws IOException {
		sendData("json", ("{\"data\": " + pythonJsonValue + "}").getBytes(StandardCharsets.UTF_8));
	}

	/** Send a DATA of any type (header and payload in two writes, as peerpy's two sendall). */
	void sendData(String type, byte[] payload) throws IOException {
		sendHeader("DATA|data_size=" + payload.length + "&data_type=" + type);
		this.out.write(payload);
		this.out.flush();
	}

	/**
	 * Send a DATA message the node is expected to refuse from its header alone: it may reset the
	 * connection before the payload is written, which is then what the caller checks with
	 * {@link #endedWithReset(Duration)}, not a failure of the send.
	 */
	void sendRefusedData(String type, byte[] payload) throws IOException {
		sendHeader("DATA|data_size=" + payload.length + "&data_type=" + type);
		try {
			this.out.write(payload);
			this.out.flush();
		}
		catch (java.net.SocketException ex) {
			// the node closed the connection unread, as it should; a reset seen here is not seen
			// again by a later read (which may then find the end of the stream)
			this.resetWhileSending = isReset(ex);
		}
	}

	private static boolean isReset(java.net.SocketException ex) {
		return String.valueOf(ex.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("reset");
	}

	/** Send peerpy's keepalive. */
	void sendPing() throws IOException {
		sendHeader("PING");
	}

	/** Send any header text, padded with {@code |} to 128 bytes (no check: tests send bad ones). */
	void sendHeader(String text) throws IOException {
		byte[] header = new byte[HEADER_SIZE];
		java.util.Arrays.fill(header, (byte) '|');
		byte[] content = text.getBytes(StandardCharsets.UTF_8);
		System.arraycopy(content, 0, header, 0, Math.min(content.length, HEADER_SIZE));
		this.out.write(header);
		this.out.flush();
	}

	/** Send raw bytes (a malformed header, a stray payload). */
	void sendBytes(byte[] bytes) throws IOException {
		this.out.write(bytes);
		this.out.flush();
	}

	/**
	 * Receive the next DATA payload, skipping PINGs, within a timeout.
	 * @return the payload; json payloads are returned whole ({@code {"data": ...}})
	 * @throws EOFException if the node closed (FIN or RST)
	 */
	byte[] receive(Duration timeout) throws IOException {
		this.socket.setSoTimeout((int) timeout.toMillis());
		while (true) {
			byte[] header = this.in.readNBytes(HEADER_SIZE);
			if (header.length < HEADER_SIZE) {
				throw new EOFException("peerpy connection closed after " + header.length + " header bytes");
			}
			String text = new String(header, StandardCharsets.UTF_8);
			if (text.startsWith("PING")) {
				continue;
			}
			if (!text.startsWith("DATA|")) {
				throw new IOException("unexpected peerpy header: " + text);
			}
			String fields = text.split("\\|")[1];
			int size = Integer.parseInt(fields.replaceAll(".*data_size=([0-9]+).*", "$1"));
			String type = fields.replaceAll(".*data_type=([a-z]+).*", "$1");
			if (!type.equals(this.dataType)) {
				throw new IOException("peerpy DATA of type " + type + " on a " + this.dataType + " connection");
			}
			byte[] payload = new byte[size];
			this.in.readFully(payload);
			return payload;
		}
	}

	/** Whether the node has closed this connection (reads until EOF or reset within the timeout). */
	boolean closedByNode(Duration timeout) throws IOException {
		this.socket.setSoTimeout((int) timeout.toMillis());
		try {
			while (this.in.read() >= 0) {
				// drain until the end
			}
			return true;
		}
		catch (java.net.SocketException ex) {
			return true;
		}
		catch (java.net.SocketTimeoutException ex) {
			return false;
		}
	}

	/**
	 * Whether the node ended this connection with a reset (what peerpy needs) rather than a FIN.
	 * @return {@code true} for a reset, {@code false} for an orderly end
	 * @throws java.net.SocketTimeoutException if the connection does not end within the timeout
	 */
	boolean endedWithReset(Duration timeout) throws IOException {
		this.socket.setSoTimeout((int) timeout.toMillis());
		try {
			while (this.in.read() >= 0) {
				// drain until the end
			}
			return this.resetWhileSending;
		}
		catch (java.net.SocketTimeoutException ex) {
			throw ex;
		}
		catch (java.net.SocketException ex) {
			return isReset(ex);
		}
	}

	/** Close with a reset, the only close peerpy notices. */
	@Override
	public void close() throws IOException {
		if (!this.socket.isClosed()) {
			this.socket.setSoLinger(true, 0);
			this.socket.close();
		}
	}

}
