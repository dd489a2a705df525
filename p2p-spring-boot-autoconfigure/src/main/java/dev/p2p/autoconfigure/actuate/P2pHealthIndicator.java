package dev.p2p.autoconfigure.actuate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.p2p.nat.ObservedAddresses;
import dev.p2p.node.PeerNode;
import dev.p2p.peer.PeerAddress;

/**
 * Health of the peer node: {@code UP} while the server listens (or when it is disabled with
 * {@code p2p.server.enabled=false}), {@code DOWN} when the running node's server is not
 * listening, {@code OUT_OF_SERVICE} while the node is not running. Details: node id, server
 * state, bound port, connected peers, and the static peers that have no established session.
 */
public class P2pHealthIndicator extends AbstractHealthIndicator {

	private final PeerNode node;

	private final @Nullable ObservedAddresses observed;

	/**
	 * Create the indicator.
	 * @param node the node to check
	 */
	public P2pHealthIndicator(PeerNode node) {
		this(node, null);
	}

	/**
	 * Create the indicator, with the node's reachability in its details.
	 * @param node the node to check
	 * @param observed the node's observed addresses ({@code p2p.nat}), or {@code null}
	 */
	public P2pHealthIndicator(PeerNode node, @Nullable ObservedAddresses observed) {
		super("P2P health check failed");
		this.node = node;
		this.observed = observed;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean running = this.node.isRunning();
		boolean listening = this.node.isListening();
		boolean serverEnabled = this.node.isServerEnabled();
		builder.status(status(running, listening, serverEnabled))
			.withDetail("nodeId", this.node.getNodeId())
			.withDetail("running", running)
			.withDetail("server", listening ? "listening" : serverEnabled ? "not listening" : "disabled");
		if (listening) {
			builder.withDetail("port", this.node.getBoundPort());
		}
		builder.withDetail("connectedPeers", this.node.getSessions().size())
			.withDetail("unreachableStaticPeers",
					this.node.getUnreachableStaticPeers().stream().map(PeerAddress::toString).toList());
		ObservedAddresses addresses = this.observed;
		if (addresses != null) {
			builder.withDetail("reachability", addresses.reachability().tag());
		}
	}

	private static Status status(boolean running, boolean listening, boolean serverEnabled) {
		if (!running) {
			return Status.OUT_OF_SERVICE;
		}
		return (listening || !serverEnabled) ? Status.UP : Status.DOWN;
	}

}
