package dev.p2p.discovery;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLongArray;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

import dev.p2p.event.DatagramDropReason;
import dev.p2p.event.DiscoveryDatagramRejectedEvent;
import dev.p2p.event.DiscoverySource;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.node.PeerNode;
import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.PeerIdentity;

/**
 * UDP discovery in both styles: every node adverts itself every interval, and a starting node
 * first sends a QUERY that makes the others advert themselves at once. Datagrams go to the
 * broadcast address of each chosen interface (127.255.255.255 on loopback) or to a multicast
 * group joined on each of them (with multicast loop on, so nodes on one host hear each other).
 * Every node of the host binds the same port with {@code SO_REUSEADDR}: Linux delivers each
 * broadcast and multicast datagram to all of them.
 * <p>
 * A plain {@link DatagramChannel} rather than Spring Integration's UDP adapters: discovery needs
 * {@code SO_REUSEADDR} before binding, multicast membership per interface, one blocking receive
 * loop that sizes its buffer one byte over the limit to see oversized datagrams, and a verdict
 * per datagram counted by reason. The adapters turn datagrams into messages on a channel and
 * leave none of that easier, while adding a task executor and message conversion per datagram.
 */
final class UdpDiscovery {

	private static final Log logger = LogFactory.getLog(UdpDiscovery.class);

	private static final InetSocketAddress LOOPBACK_BROADCAST = new InetSocketAddress("127.255.255.255", 0);

	private final PeerNode node;

	private final DiscoverySettings settings;

	private final AdvertCodec codec;

	private final DiscoveredPeers peers;

	private final ApplicationEventPublisher publisher;

	private final PeerMetrics metrics;

	private final Runnable answerQuery;

	/** Makes the receiving thread. */
	private final ThreadFactory threads;

	private final AtomicLongArray dropped = new AtomicLongArray(DatagramDropReason.values().length);

	private final List<Target> targets = new ArrayList<>();

	private volatile @Nullable DatagramChannel channel;

	private volatile @Nullable Thread receiver;

	private boolean sendFailureLogged;

	/**
	 * Create the UDP side of discovery.
	 * @param answerQuery schedules an advert in answer to a QUERY (rate-limited by the caller)
	 */
	UdpDiscovery(PeerNode node, DiscoverySettings settings, AdvertCodec codec, DiscoveredPeers peers,
			ApplicationEventPublisher publisher, PeerMetrics metrics, Runnable answerQuery, ThreadFactory threads) {
		this.node = node;
		this.threads = threads;
		this.settings = settings;
		this.codec = codec;
		this.peers = peers;
		this.publisher = publisher;
		this.metrics = metrics;
		this.answerQuery = answerQuery;
	}

	/**
	 * Bind the shared port, join the group, and start receiving.
	 * @throws IOException if the port cannot be bound or no interface can be used
	 */
	void open() throws IOException {
		List<NetworkInterface> interfaces = interfaces();
		DatagramChannel opened = DatagramChannel.open(StandardProtocolFamily.INET);
		try {
			opened.setOption(StandardSocketOptions.SO_REUSEADDR, true);
			opened.setOption(StandardSocketOptions.SO_BROADCAST, true);
			if (this.settings.mode() == DiscoveryMode.MULTICAST) {
				opened.setOption(StandardSocketOptions.IP_MULTICAST_TTL, this.settings.ttl());
				opened.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
			}
			opened.bind(new InetSocketAddress(this.settings.port()));
			this.targets.addAll((this.settings.mode() == DiscoveryMode.MULTICAST) ? joinGroup(opened, interfaces)
					: broadcastTargets(interfaces));
			if (this.targets.isEmpty()) {
				throw new IOException("no usable IPv4 interface for " + this.settings.mode().name().toLowerCase()
						+ " discovery among " + interfaces.stream().map(NetworkInterface::getName).toList());
			}
		}
		catch (IOException | RuntimeException ex) {
			opened.close();
			throw ex;
		}
		this.channel = opened;
		Thread thread = this.threads.newThread(this::receive);
		this.receiver = thread;
		thread.start();
		logger.info("P2P discovery of node '" + this.node.getNodeId() + "' on UDP port " + this.settings.port() + " ("
				+ this.settings.mode().name().toLowerCase() + " to "
				+ this.targets.stream().map(Target::describe).toList() + ")");
	}

	/** Stop receiving and close the socket. */
	void close() {
		DatagramChannel current = this.channel;
		this.channel = null;
		if (current != null) {
			try {
				current.close();
			}
			catch (IOException ex) {
				logger.debug("Closing the discovery socket failed", ex);
			}
		}
		Thread thread = this.receiver;
		if (thread != null) {
			try {
				thread.join(1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Send this node's advert (or a QUERY) to every target.
	 * @param query {@code true} to ask the others to advert themselves now
	 */
	synchronized void advertise(boolean query) {
		DatagramChannel current = this.channel;
		int port = this.node.getBoundPort();
		if (current == null) {
			return;
		}
		byte[] advert = this.codec.encode(new Advert(query, PeerIdentity.PROTOCOL_VERSION, this.node.getNetworkId(),
				this.node.getNodeId(), this.node.getInstanceId(), advertisedHost(), Math.max(port, 0)));
		for (Target target : this.targets) {
			try {
				if (target.multicastInterface != null) {
					current.setOption(StandardSocketOptions.IP_MULTICAST_IF, target.multicastInterface);
				}
				current.send(ByteBuffer.wrap(advert), target.destination);
			}
			catch (ClosedChannelException ex) {
				return;
			}
			catch (IOException ex) {
				if (!this.sendFailureLogged) {
					this.sendFailureLogged = true;
					logger.warn("Discovery advert to " + target.describe() + " failed: " + ex.getMessage()
							+ " (further failures are logged at DEBUG)");
				}
				else {
					logger.debug("Discovery advert to " + target.describe() + " failed: " + ex.getMessage());
				}
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

	private void receive() {
		ByteBuffer buffer = ByteBuffer.allocate(AdvertCodec.MAX_SIZE + 1);
		while (true) {
			DatagramChannel current = this.channel;
			if (current == null) {
				return;
			}
			SocketAddress from;
			try {
				buffer.clear();
				from = current.receive(buffer);
			}
			catch (IOException ex) {
				if (this.channel != null && current.isOpen()) {
					logger.warn("Receiving a discovery datagram failed", ex);
					continue;
				}
				return;
			}
			try {
				received(buffer.array(), buffer.position(), (InetSocketAddress) from);
			}
			catch (RuntimeException ex) {
				// nothing a datagram does may stop the loop
				logger.error("Handling a discovery datagram from " + from + " failed", ex);
			}
		}
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

	private @Nullable String advertisedHost() {
		if (this.settings.advertisedHost() != null) {
			return this.settings.advertisedHost();
		}
		InetSocketAddress bound = this.node.getBoundAddress();
		return (bound != null && !bound.getAddress().isAnyLocalAddress()) ? bound.getAddress().getHostAddress() : null;
	}

	private List<NetworkInterface> interfaces() throws IOException {
		String name = this.settings.networkInterface();
		if (name != null) {
			NetworkInterface chosen = NetworkInterface.getByName(name);
			if (chosen == null) {
				throw new IOException("p2p.discovery.interface '" + name + "' does not exist (interfaces: "
						+ NetworkInterface.networkInterfaces().map(NetworkInterface::getName).toList() + ")");
			}
			return List.of(chosen);
		}
		List<NetworkInterface> up = new ArrayList<>();
		for (NetworkInterface candidate : NetworkInterface.networkInterfaces().toList()) {
			if (candidate.isUp() && candidate.inetAddresses().anyMatch(Inet4Address.class::isInstance)) {
				up.add(candidate);
			}
		}
		return up;
	}

	private List<Target> broadcastTargets(List<NetworkInterface> interfaces) {
		Set<Target> found = new LinkedHashSet<>();
		for (NetworkInterface nif : interfaces) {
			for (InterfaceAddress address : nif.getInterfaceAddresses()) {
				if (!(address.getAddress() instanceof Inet4Address)) {
					continue;
				}
				InetAddress broadcast = address.getBroadcast();
				if (broadcast == null && address.getAddress().isLoopbackAddress()) {
					broadcast = LOOPBACK_BROADCAST.getAddress();
				}
				if (broadcast != null) {
					found.add(new Target(new InetSocketAddress(broadcast, this.settings.port()), null, nif.getName()));
				}
			}
		}
		return new ArrayList<>(found);
	}

	private List<Target> joinGroup(DatagramChannel opened, List<NetworkInterface> interfaces) throws IOException {
		InetAddress group = InetAddress.getByName(this.settings.group());
		if (!group.isMulticastAddress() || !(group instanceof Inet4Address)) {
			throw new IOException("p2p.discovery.group " + this.settings.group() + " is not an IPv4 multicast address");
		}
		List<Target> joined = new ArrayList<>();
		for (NetworkInterface nif : interfaces) {
			try {
				opened.join(group, nif);
				joined.add(new Target(new InetSocketAddress(group, this.settings.port()), nif, nif.getName()));
			}
			catch (IOException | UnsupportedOperationException ex) {
				logger.debug("Cannot join " + group + " on " + nif.getName() + ": " + ex.getMessage());
			}
		}
		return joined;
	}

	/** Where adverts go, and through which interface (multicast only). */
	private record Target(InetSocketAddress destination, @Nullable NetworkInterface multicastInterface,
			String interfaceName) {

		String describe() {
			return this.destination.getAddress().getHostAddress() + ":" + this.destination.getPort() + " on "
					+ this.interfaceName;
		}

	}

}
