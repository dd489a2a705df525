package dev.p2p.discovery;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.p2p.event.DiscoverySource;
import dev.p2p.node.PeerNode;
import dev.p2p.peer.PeerAddress;

/**
 * Peers beyond the broadcast domain: every address a DNS name resolves to (for example a
 * Kubernetes headless service) is a peer, resolved again every interval; addresses that leave
 * the name are lost. This node's own address is skipped. Resolution blocks, so it runs on the
 * discovery timer, never on a connection's thread.
 */
final class DnsDiscovery {

	private static final Log logger = LogFactory.getLog(DnsDiscovery.class);

	private final PeerNode node;

	private final PeerAddress name;

	private final DiscoveredPeers peers;

	private boolean failing;

	DnsDiscovery(PeerNode node, PeerAddress name, DiscoveredPeers peers) {
		this.node = node;
		this.name = name;
		this.peers = peers;
	}

	/** Resolve the name and report its addresses. */
	void resolve() {
		InetAddress[] addresses;
		try {
			addresses = InetAddress.getAllByName(this.name.host());
		}
		catch (UnknownHostException ex) {
			// keep the peers known so far: a DNS hiccup must not drop the mesh
			if (!this.failing) {
				logger.warn("Cannot resolve p2p.discovery.dns-name " + this.name.host() + ": " + ex.getMessage());
			}
			this.failing = true;
			return;
		}
		this.failing = false;
		Set<PeerAddress> found = new LinkedHashSet<>();
		for (InetAddress address : addresses) {
			if (!isThisNode(address)) {
				found.add(new PeerAddress(address.getHostAddress(), this.name.port()));
			}
		}
		this.peers.seenExactly(DiscoverySource.DNS, found);
	}

	private boolean isThisNode(InetAddress address) {
		if (this.name.port() != this.node.getBoundPort()) {
			return false;
		}
		try {
			return address.isAnyLocalAddress() || address.isLoopbackAddress()
					|| NetworkInterface.getByInetAddress(address) != null;
		}
		catch (SocketException ex) {
			return false;
		}
	}

}
