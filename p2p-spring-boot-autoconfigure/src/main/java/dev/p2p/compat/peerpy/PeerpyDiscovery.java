package dev.p2p.compat.peerpy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.p2p.compat.CompatMetrics;
import dev.p2p.compat.CompatThreads;
import dev.p2p.event.DatagramDropReason;
import dev.p2p.event.DiscoveryDatagramRejectedEvent;
import dev.p2p.session.AttachedSessions;

/**
 * peerpy's UDP discovery: the responder answers every {@code PING|pinger=ip:port} on the
 * discovery port (1024 in peerpy; bound with SO_REUSEADDR, as peerpy's seeker binds the same
 * port on its own address) with {@code PONG|ponger=<this node's peerpy address>} unicast to the
 * pinger; {@link #seek} plays peerpy's {@code get_local_peers()}.
 */
final class PeerpyDiscovery {

	private static final Log logger = LogFactory.getLog(PeerpyDiscovery.class);

	/** peerpy's seeker stops after half a second without a PONG. */
	private static final int QUIET_MILLIS = 500;

	/** However many peers answer, a seek ends after this long. */
	private static final long MAX_SEEK_MILLIS = 5000;

	private final int port;

	private final Supplier<PeerpyAddress> ownAddress;

	private final AttachedSessions node;

	private final CompatMetrics metrics;

	private volatile @Nullable DatagramSocket socket;

	PeerpyDiscovery(int port, Supplier<PeerpyAddress> ownAddress, AttachedSessions node, CompatMetrics metrics) {
		this.port = port;
		this.ownAddress = ownAddress;
		this.node = node;
		this.metrics = metrics;
	}

	void start() {
		try {
			DatagramSocket responder = new DatagramSocket(null);
			responder.setReuseAddress(true);
			responder.bind(new InetSocketAddress(this.port));
			this.socket = responder;
			Thread thread = CompatThreads.factory("p2p-peerpy-discovery-").newThread(() -> respond(responder));
			thread.start();
			logger.info("peerpy discovery answers PINGs on UDP port " + responder.getLocalPort());
		}
		catch (IOException ex) {
			logger.warn("peerpy discovery disabled: cannot bind UDP port " + this.port + ": " + ex.getMessage());
		}
	}

	void stop() {
		DatagramSocket responder = this.socket;
		if (responder != null) {
			responder.close();
		}
	}

	private void respond(DatagramSocket responder) {
		byte[] buffer = new byte[PeerpyDiscoveryDatagram.MAX_DATAGRAM_SIZE + 1];
		while (!responder.isClosed()) {
			DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
			try {
				responder.receive(packet);
			}
			catch (IOException ex) {
				return;
			}
			InetSocketAddress sender = (InetSocketAddress) packet.getSocketAddress();
			try {
				PeerpyDiscoveryDatagram datagram = PeerpyDiscoveryDatagram.parse(packet.getData(), packet.getLength());
				if (!datagram.pong()) {
					PeerpyAddress pinger = datagram.address();
					byte[] pong = PeerpyDiscoveryDatagram.pong(this.ownAddress.get()).toBytes();
					// answered where the PING says, as peerpy does (its seeker listens there)
					String host = pinger.isWildcard() ? sender.getAddress().getHostAddress() : pinger.host();
					responder.send(new DatagramPacket(pong, pong.length, new InetSocketAddress(host, pinger.port())));
				}
			}
			catch (PeerpyProtocolException ex) {
				this.metrics.refused(PeerpySettings.PROFILE, "bad-datagram");
				logger.debug("peerpy discovery datagram from " + sender + " dropped: " + ex.getMessage());
				this.node.publish(new DiscoveryDatagramRejectedEvent(this.node.eventSource(), sender,
						DatagramDropReason.MALFORMED, "peerpy: " + ex.getMessage()));
			}
			catch (IOException ex) {
				logger.debug("PONG to " + sender + " not sent: " + ex.getMessage());
			}
		}
	}

	/**
	 * Broadcast a PING from an address and collect the PONGs, as peerpy's
	 * {@code get_local_peers()}.
	 * @param from the local address (the PING's pinger)
	 * @param broadcast where the PING goes (peerpy: 255.255.255.255)
	 * @param port the discovery port
	 * @param own this node's peerpy address, left out of the result
	 * @return the peerpy addresses that answered (a wildcard ponger replaced by the sender's address)
	 * @throws IOException if the socket cannot be opened
	 */
	static List<PeerpyAddress> seek(InetAddress from, InetAddress broadcast, int port, PeerpyAddress own) throws IOException {
		Set<PeerpyAddress> found = new LinkedHashSet<>();
		try (DatagramSocket seeker = new DatagramSocket(null)) {
			seeker.setReuseAddress(true);
			seeker.setBroadcast(true);
			seeker.bind(new InetSocketAddress(from, port));
			byte[] ping = PeerpyDiscoveryDatagram.ping(new PeerpyAddress(from.getHostAddress(), port)).toBytes();
			seeker.send(new DatagramPacket(ping, ping.length, new InetSocketAddress(broadcast, port)));
			long deadline = System.currentTimeMillis() + MAX_SEEK_MILLIS;
			byte[] buffer = new byte[PeerpyDiscoveryDatagram.MAX_DATAGRAM_SIZE + 1];
			seeker.setSoTimeout(QUIET_MILLIS);
			while (System.currentTimeMillis() < deadline) {
				DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
				try {
					seeker.receive(packet);
				}
				catch (SocketTimeoutException ex) {
					break;
				}
				try {
					PeerpyDiscoveryDatagram datagram = PeerpyDiscoveryDatagram.parse(packet.getData(),
							packet.getLength());
					if (datagram.pong()) {
						PeerpyAddress address = datagram.address();
						if (address.isWildcard()) {
							address = new PeerpyAddress(packet.getAddress().getHostAddress(), address.port());
						}
						if (!address.equals(own)) {
							found.add(address);
						}
					}
				}
				catch (PeerpyProtocolException ex) {
					logger.debug("peerpy discovery datagram dropped: " + ex.getMessage());
				}
			}
		}
		catch (SocketException ex) {
			throw new IOException("peerpy discovery from " + from + ":" + port + ": " + ex.getMessage(), ex);
		}
		return new ArrayList<>(found);
	}

}
