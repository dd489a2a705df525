package dev.p2p.compat.peerpy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.p2p.compat.CompatSession;
import dev.p2p.event.DisconnectReason;
import dev.p2p.peer.Direction;
import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.session.AttachedSession;
import dev.p2p.session.AttachedSessions;

/**
 * One accepted peerpy connection as a session of the node: its id is the peer's
 * {@code peer_name} (self-asserted; {@link #getRemoteAddress()} is the truth). Packets of the
 * profile's type go out as one DATA of the connection's data type, written header and payload
 * in one write (peerpy reads each with a single recv). Closing resets the connection: peerpy
 * never notices a FIN.
 */
public final class PeerpySession extends CompatSession implements AttachedSession {

	private static final Log logger = LogFactory.getLog(PeerpySession.class);

	private final Socket socket;

	private final OutputStream out;

	private final PeerpyDataType dataType;

	private final PeerpyCodec codec;

	private final AttachedSessions node;

	PeerpySession(String peerName, Socket socket, PeerpyDataType dataType, Direction direction, PeerpyCodec codec,
			AttachedSessions node) throws IOException {
		super(peerName, listenAddress(peerName, socket), (InetSocketAddress) socket.getRemoteSocketAddress(),
				(InetSocketAddress) socket.getLocalSocketAddress(), direction);
		this.socket = socket;
		this.out = socket.getOutputStream();
		this.dataType = dataType;
		this.codec = codec;
		this.node = node;
	}

	private static PeerAddress listenAddress(String peerName, Socket socket) {
		try {
			PeerpyAddress address = PeerpyAddress.parse(peerName);
			// a peer bound to the wildcard names itself 0.0.0.0: it listens on the connection's host
			String host = address.isWildcard() ? socket.getInetAddress().getHostAddress() : address.host();
			return new PeerAddress(host, address.port());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * The data type agreed in the HELLO: every DATA either way has it.
	 * @return {@code json} or {@code bytes}
	 */
	public PeerpyDataType getDataType() {
		return this.dataType;
	}

	/**
	 * Write bytes as one DATA, without a codec: for a {@code bytes} connection, the payload as
	 * is; for {@code json}, the bytes must be JSON and are sent as {@code {"data": ...}}.
	 * @param payload the payload
	 * @return bytes written, header included
	 * @throws PeerNotConnectedException if the connection is closed or the write fails
	 * @throws IllegalArgumentException if the DATA is over {@code p2p.peerpy.max-send-size}
	 */
	public int sendData(byte[] payload) {
		byte[] message = this.codec.toData(this.dataType, payload);
		synchronized (this.out) {
			if (!isActive()) {
				throw new PeerNotConnectedException("peerpy peer '" + getNodeId() + "' is closed: cannot send");
			}
			try {
				this.out.write(message);
				this.out.flush();
			}
			catch (IOException ex) {
				close(DisconnectReason.IO_ERROR, "writing to the peerpy connection failed: " + ex.getMessage());
				throw new PeerNotConnectedException("peerpy peer '" + getNodeId() + "': " + ex.getMessage());
			}
		}
		sent(message.length);
		return message.length;
	}

	@Override
	public void sendPacket(Enum<?> type, byte[] payload) {
		if (type != this.codec.packetType()) {
			throw new PeerNotConnectedException("peerpy peer '" + getNodeId() + "' takes only "
					+ this.codec.packetType().name() + " packets (p2p.peerpy.packet-type), not " + type.name());
		}
		int written = sendData(payload);
		this.node.sent(this, this.node.codeOf(type), written);
	}

	/** Read DATA until the connection ends; called on the connection's own thread. */
	void readLoop(InputStream in, PeerpyFrameReader reader, PeerpyErrors errors) {
		DisconnectReason reason = DisconnectReason.CLOSED_BY_PEER;
		String detail = "connection closed by peer";
		try {
			while (isActive()) {
				PeerpyMessage message = reader.read(in, this.dataType);
				if (message == null) {
					break;
				}
				if (message instanceof PeerpyData data) {
					received(PeerpyHeader.SIZE + data.payload().length, true);
					byte[] payload;
					try {
						payload = this.codec.fromData(data);
					}
					catch (PeerpyProtocolException ex) {
						// the stream is still in step: refuse this payload, keep the connection
						errors.rejected(getRemoteAddress(), getNodeId(), ex);
						continue;
					}
					this.node.deliver(this, this.codec.packetType(), payload, PeerpyHeader.SIZE + data.payload().length);
				}
				else {
					// keepalive PING (or a stray ACCEPT/DENY): peerpy ignores them, so does this node
					received(PeerpyHeader.SIZE, false);
				}
			}
		}
		catch (PeerpyProtocolException ex) {
			reason = DisconnectReason.PROTOCOL_ERROR;
			detail = ex.getMessage();
			errors.rejected(getRemoteAddress(), getNodeId(), ex);
		}
		catch (java.net.SocketTimeoutException ex) {
			reason = DisconnectReason.TIMEOUT;
			detail = "nothing from the peerpy peer for " + ex.getMessage();
		}
		catch (IOException ex) {
			reason = isActive() ? DisconnectReason.IO_ERROR : DisconnectReason.CLOSED_BY_APPLICATION;
			detail = String.valueOf(ex.getMessage());
		}
		close(reason, detail);
	}

	@Override
	public void close(DisconnectReason reason, String detail) {
		if (!markClosed()) {
			return;
		}
		PeerpySockets.reset(this.socket);
		logger.debug("peerpy connection " + this + " closed: " + detail);
		this.node.detach(this, reason, detail);
	}

}
