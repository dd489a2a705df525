package dev.p2p.discovery;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The IPv6 side of UDP discovery ({@code p2p.discovery.ipv6}): adverts to a link-local
 * multicast group ({@code p2p.discovery.ipv6-group}, {@code ff02::7032} by default) joined on each
 * chosen interface that has IPv6 and multicast, on the same UDP port as the IPv4 side, with
 * multicast loop on so that nodes on one host hear each other. Its socket is bound to
 * {@code [::]} with {@code SO_REUSEADDR} like the IPv4 one; datagrams from IPv4 sources that a
 * dual-stack socket also gets are left to the IPv4 side.
 */
final class Ipv6Multicast {

	private static final Log logger = LogFactory.getLog(Ipv6Multicast.class);

	private final DiscoverySettings settings;

	private final List<DiscoveryTarget> targets = new ArrayList<>();

	private volatile @Nullable DatagramChannel channel;

	private volatile @Nullable Thread receiver;

	private boolean sendFailureLogged;

	Ipv6Multicast(DiscoverySettings settings) {
		this.settings = settings;
	}

	/**
	 * Bind, join the group on every usable interface, and start receiving.
	 * @param receiver handles what arrives
	 * @param threads makes the receiving thread
	 * @throws IOException if the socket cannot be bound or no interface could join the group
	 */
	void open(AdvertReceiver receiver, ThreadFactory threads) throws IOException {
		InetAddress group = InetAddress.getByName(this.settings.ipv6Group());
		if (!(group instanceof Inet6Address) || !group.isMulticastAddress()) {
			throw new IOException("p2p.discovery.ipv6-group " + this.settings.ipv6Group()
					+ " is not an IPv6 multicast address");
		}
		List<NetworkInterface> interfaces = interfaces();
		DatagramChannel opened = DatagramChannel.open(StandardProtocolFamily.INET6);
		try {
			opened.setOption(StandardSocketOptions.SO_REUSEADDR, true);
			opened.setOption(StandardSocketOptions.IP_MULTICAST_TTL, Math.max(1, this.settings.ttl()));
			opened.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
			opened.bind(new InetSocketAddress(InetAddress.getByName("::"), this.settings.port()));
			for (NetworkInterface nif : interfaces) {
				try {
					opened.join(group, nif);
					InetAddress scoped = Inet6Address.getByAddress(null, group.getAddress(), nif);
					this.targets.add(new DiscoveryTarget(new InetSocketAddress(scoped, this.settings.port()), nif,
							nif.getName()));
				}
				catch (IOException | UnsupportedOperationException ex) {
					logger.debug("Cannot join " + group.getHostAddress() + " on " + nif.getName() + ": " + ex.getMessage());
				}
			}
			if (this.targets.isEmpty()) {
				throw new IOException("no interface could join " + group.getHostAddress() + " among "
						+ interfaces.stream().map(NetworkInterface::getName).toList());
			}
		}
		catch (IOException | RuntimeException ex) {
			opened.close();
			throw ex;
		}
		this.channel = opened;
		Thread thread = threads.newThread(() -> receiver.receive(opened,
				(from) -> from.getAddress() instanceof Inet6Address));
		this.receiver = thread;
		thread.start();
	}

	/**
	 * Send an advert to the group on every joined interface.
	 * @param advert the datagram
	 */
	void send(byte[] advert) {
		DatagramChannel current = this.channel;
		if (current != null) {
			this.sendFailureLogged = DiscoveryTarget.sendAll(current, this.targets, advert, this.sendFailureLogged);
		}
	}

	/**
	 * Where adverts go, for logs.
	 * @return the targets described
	 */
	List<String> describe() {
		return this.targets.stream().map(DiscoveryTarget::describe).toList();
	}

	/** Stop receiving and close the socket. */
	void close() {
		UdpDiscovery.close(this.channel, this.receiver);
		this.channel = null;
	}

	/** The named interface, or every interface that is up, has IPv6 and does multicast (not loopback). */
	private List<NetworkInterface> interfaces() throws IOException {
		String name = this.settings.networkInterface();
		if (name != null) {
			NetworkInterface chosen = NetworkInterface.getByName(name);
			return (chosen != null) ? List.of(chosen) : List.of();
		}
		List<NetworkInterface> usable = new ArrayList<>();
		for (NetworkInterface candidate : NetworkInterface.networkInterfaces().toList()) {
			if (candidate.isUp() && candidate.supportsMulticast() && !candidate.isLoopback()
					&& candidate.inetAddresses().anyMatch(Inet6Address.class::isInstance)) {
				usable.add(candidate);
			}
		}
		return usable;
	}

}
