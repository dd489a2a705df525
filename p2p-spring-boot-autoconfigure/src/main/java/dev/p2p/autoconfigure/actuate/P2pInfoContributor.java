package dev.p2p.autoconfigure.actuate;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

import dev.p2p.peer.PeerIdentity;
import dev.p2p.peer.PeerAddress;
import dev.p2p.node.PeerNode;

/**
 * Adds the node to {@code /actuator/info} under {@code p2p}: node id, network id, protocol
 * version and the address it listens on ({@code null} before it starts or when its server is
 * off). Nothing secret: the network key and the peers stay in {@code /actuator/p2p}.
 */
public class P2pInfoContributor implements InfoContributor {

	private final PeerNode node;

	/**
	 * Create the contributor.
	 * @param node the node to describe
	 */
	public P2pInfoContributor(PeerNode node) {
		this.node = node;
	}

	@Override
	public void contribute(Info.Builder builder) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("nodeId", this.node.getNodeId());
		details.put("networkId", this.node.getNetworkId());
		details.put("protocolVersion", PeerIdentity.PROTOCOL_VERSION);
		InetSocketAddress bound = this.node.getBoundAddress();
		details.put("listenAddress", (bound != null) ? PeerAddress.of(bound).toString() : null);
		builder.withDetail("p2p", details);
	}

}
