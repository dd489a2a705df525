package dev.p2p.discovery;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;

import dev.p2p.event.DatagramDropReason;
import dev.p2p.event.DiscoveryDatagramRejectedEvent;
import dev.p2p.event.DiscoverySource;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.node.PeerNode;
import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.PeerIdentity;

/**
 * What becomes of a received discovery datagram, whichever socket (IPv4 broadcast or multicast,
 * IPv6 multicast) it came on: decoded and checked, then a peer seen or a QUERY answered, or
 * dropped with a reason that is counted, published and logged (the first of each kind at WARN).
 */
final class AdvertReceiver {

	private static final Log logger = LogFactory.getLog(AdvertReceiver.class);

	private final PeerNode node;

	private final AdvertCodec codec;

	private final DiscoveredPeers peers;

	private final ApplicationEventPublisher publisher;

	private final PeerMetrics metrics;

	private final Runnable answerQuery;

	private final AtomicLongArray dropped = new AtomicLongArray(DatagramDropReason.values().length);

	/**
	 * @param answerQuery schedules an advert in answer to a QUERY (rate-limited by the caller)
	 */
	AdvertReceiver(PeerNode node, AdvertCodec codec, DiscoveredPeers peers, ApplicationEventPublisher publisher,
			PeerMetrics metrics, Runnable answerQuery) {
		this.node = node;
		this.codec = codec;
		this.peers = peers;
		this.publisher = publisher;
		this.metrics = metrics;
		this.answerQuery = answerQuery;
	}

	/**
	 * Receive until the channel closes (on the calling thread).
	 * @param channel the socket
	 * @param accepted which sources this socket handles (others are left to another socket)
	 */
	void receive(DatagramChannel channel, Predicate<InetSocketAddress> accepted) {
		ByteBuffer buffer = ByteBuffer.allocate(AdvertCodec.MAX_SIZE + 1);
		while (channel.isOpen()) {
			SocketAddress from;
			try {
				buffer.clear();
				from = channel.receive(buffer);
			}
			catch (IOException ex) {
				if (channel.isOpen()) {
					logger.warn("Receiving a discovery datagram failed", ex);
					continue;
				}
				return;
			}
			try {
				if (from instanceof InetSocketAddress source && accepted.test(source)) {
					received(buffer.array(), buffer.position(), source);
				}
			}
			catch (RuntimeException ex) {
				// nothing a datagram does may stop the loop
				logger.error("Handling a discovery datagram from " + from + " failed", ex);
			}
		}
	}

	/**
	 * Datagrams dropped so far.
	 * @param reason the reason
	 * @return how many
	 */
	long dropped(DatagramDropReason reason) {
		return this.dropped.get(reason.ordinal());
	}

	private void received(byte[] data, int length, InetSocketAddress from) {
		Advert advert;
		try {
			advert = this.codec.decode(data, length);
			check(advert);
		}
		catch (RejectedDatagramException ex) {
			drop(from, ex.getReason(), ex.getMessage());
			return;
		}
		if (advert.query()) {
			this.answerQuery.run();
		}
		if (advert.listenPort() == 0) {
			return;
		}
		String host = (advert.listenHost() != null) ? advert.listenHost() : from.getAddress().getHostAddress();
		if (!this.peers.seen(DiscoverySource.UDP, advert.nodeId(), advert.instanceId(),
				new PeerAddress(host, advert.listenPort()))) {
			drop(from, DatagramDropReason.TOO_MANY_PEERS, "advert of '" + advert.nodeId() + "' while "
					+ this.peers.size() + " peers are known already");
		}
	}

	private void check(Advert advert) {
		if (advert.nodeId().equals(this.node.getNodeId())) {
			if (advert.instanceId().equals(this.node.getInstanceId())) {
				throw new RejectedDatagramException(DatagramDropReason.OWN, "this node's own advert");
			}
			throw new RejectedDatagramException(DatagramDropReason.SPOOFED,
					"advert claims this node's id '" + advert.nodeId() + "' from another process");
		}
		if (!advert.networkId().equals(this.node.getNetworkId())) {
			throw new RejectedDatagramException(DatagramDropReason.FOREIGN_NETWORK, "advert of '" + advert.nodeId()
					+ "' for network '" + advert.networkId() + "', this node is in '" + this.node.getNetworkId() + "'");
		}
		if (advert.protocolVersion() != PeerIdentity.PROTOCOL_VERSION) {
			throw new RejectedDatagramException(DatagramDropReason.UNSUPPORTED_VERSION, "'" + advert.nodeId()
					+ "' speaks protocol version " + advert.protocolVersion() + ", this node "
					+ PeerIdentity.PROTOCOL_VERSION);
		}
	}

	private void drop(InetSocketAddress from, DatagramDropReason reason, String detail) {
		long count = this.dropped.incrementAndGet(reason.ordinal());
		this.metrics.discoveryDatagramDropped(reason);
		if (reason == DatagramDropReason.OWN) {
			// every looped-back advert of this node: expected, never logged
			return;
		}
		if (count == 1) {
			logger.warn("Dropped a discovery datagram from " + from + " (" + reason.tag() + "): " + detail
					+ " (further drops of this kind are logged at DEBUG)");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Dropped a discovery datagram from " + from + " (" + reason.tag() + "): " + detail);
		}
		try {
			this.publisher.publishEvent(new DiscoveryDatagramRejectedEvent(this.node, from, reason, detail));
		}
		catch (RuntimeException ex) {
			logger.error("Listener of DiscoveryDatagramRejectedEvent failed", ex);
		}
	}

}
