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
 * broadcast and multicast datagram to all of them. With {@code p2p.discovery.ipv6} the same
 * adverts also go to an IPv6 link-local multicast group ({@link Ipv6Multicast}); either side may
 * be off ({@code p2p.discovery.ipv4=false} on an IPv6-only host). What arrives on either is
 * handled by one {@link AdvertReceiver}.
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

	private final AdvertReceiver receiver;

	/** Makes the receiving threads. */
	private final ThreadFactory threads;

	private final List<DiscoveryTarget> targets = new ArrayList<>();

	private final @Nullable Ipv6Multicast ipv6;

	private volatile @Nullable DatagramChannel channel;

	private volatile @Nullable Thread receiving;

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
		this.receiver = new AdvertReceiver(node, codec, peers, publisher, metrics, answerQuery);
		this.ipv6 = settings.ipv6() ? new Ipv6Multicast(settings) : null;
	}

	/**
	 * Open the IPv4 side and, when configured, the IPv6 side, and start receiving.
	 * @throws IOException if neither side can be opened (IPv4's failure, when it is on)
	 */
	void open() throws IOException {
		List<String> described = new ArrayList<>();
		IOException ipv4Failure = null;
		if (this.settings.ipv4()) {
			try {
				openIpv4();
				this.targets.forEach((target) -> described.add(target.describe()));
			}
			catch (IOException ex) {
				ipv4Failure = ex;
			}
		}
		if (this.ipv6 != null) {
			try {
				this.ipv6.open(this.receiver, this.threads);
				described.addAll(this.ipv6.describe());
			}
			catch (IOException ex) {
				logger.warn("IPv6 discovery of node '" + this.node.getNodeId() + "' is off: " + ex.getMessage());
			}
		}
		if (described.isEmpty()) {
			close();
			throw (ipv4Failure != null) ? ipv4Failure : new IOException("no usable interface for discovery");
		}
		if (ipv4Failure != null) {
			logger.warn("IPv4 discovery of node '" + this.node.getNodeId() + "' is off: " + ipv4Failure.getMessage());
		}
		logger.info("P2P discovery of node '" + this.node.getNodeId() + "' on UDP port " + this.settings.port() + " ("
				+ (this.targets.isEmpty() ? "" : this.settings.mode().name().toLowerCase())
				+ ((this.targets.isEmpty() || this.ipv6 == null) ? "" : " and ") + ((this.ipv6 != null) ? "IPv6 multicast" : "")
				+ " to " + described + ")");
	}

	/**
	 * Bind the shared port, join the group or find the broadcast addresses, and start receiving.
	 * @throws IOException if the port cannot be bound or no interface can be used
	 */
	private void openIpv4() throws IOException {
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
		Thread thread = this.threads.newThread(() -> this.receiver.receive(opened, (from) -> true));
		this.receiving = thread;
		thread.start();
	}

	/** Stop receiving and close the sockets. */
	void close() {
		close(this.channel, this.receiving);
		this.channel = null;
		if (this.ipv6 != null) {
			this.ipv6.close();
		}
	}

	/**
	 * Close a discovery socket and wait a little for its receiving thread.
	 * @param channel the socket, or {@code null}
	 * @param receiving its thread, or {@code null}
	 */
	static void close(@Nullable DatagramChannel channel, @Nullable Thread receiving) {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				logger.debug("Closing a discovery socket failed", ex);
			}
		}
		if (receiving != null) {
			try {
				receiving.join(1000);
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
		int port = this.node.getBoundPort();
		byte[] advert = this.codec.encode(new Advert(query, PeerIdentity.PROTOCOL_VERSION, this.node.getNetworkId(),
				this.node.getNodeId(), this.node.getInstanceId(), advertisedHost(), Math.max(port, 0)));
		DatagramChannel current = this.channel;
		if (current != null) {
			this.sendFailureLogged = DiscoveryTarget.sendAll(current, this.targets, advert, this.sendFailureLogged);
		}
		if (this.ipv6 != null) {
			this.ipv6.send(advert);
		}
	}

	/**
	 * Datagrams dropped so far.
	 * @param reason the reason
	 * @return how many
	 */
	long dropped(DatagramDropReason reason) {
		return this.receiver.dropped(reason);
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

	private List<DiscoveryTarget> broadcastTargets(List<NetworkInterface> interfaces) {
		Set<DiscoveryTarget> found = new LinkedHashSet<>();
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
					found.add(new DiscoveryTarget(new InetSocketAddress(broadcast, this.settings.port()), null, nif.getName()));
				}
			}
		}
		return new ArrayList<>(found);
	}

	private List<DiscoveryTarget> joinGroup(DatagramChannel opened, List<NetworkInterface> interfaces) throws IOException {
		InetAddress group = InetAddress.getByName(this.settings.group());
		if (!group.isMulticastAddress() || !(group instanceof Inet4Address)) {
			throw new IOException("p2p.discovery.group " + this.settings.group() + " is not an IPv4 multicast address");
		}
		List<DiscoveryTarget> joined = new ArrayList<>();
		for (NetworkInterface nif : interfaces) {
			try {
				opened.join(group, nif);
				joined.add(new DiscoveryTarget(new InetSocketAddress(group, this.settings.port()), nif, nif.getName()));
			}
			catch (IOException | UnsupportedOperationException ex) {
				logger.debug("Cannot join " + group + " on " + nif.getName() + ": " + ex.getMessage());
			}
		}
		return joined;
	}

}
