package dev.p2p.test.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.p2p.node.PeerNode;

/**
 * Several nodes of an application in one JVM, each in its own application context on an
 * ephemeral loopback port, connected through {@link Link}s that can drop, delay, cut and
 * partition traffic. Nodes start one after the other; each dials the nodes started before it
 * (a full mesh), through the link between them.
 *
 * <pre class="code">
 * try (P2pTestNetwork network = P2pTestNetwork.of(MyApplication.class).nodes("a", "b", "c").start()) {
 *     network.awaitFullMesh();
 *     network.partition(List.of("a"), List.of("b", "c"));
 *     ...
 *     network.heal();
 * }
 * </pre>
 */
public final class P2pTestNetwork implements AutoCloseable {

	private final Map<String, ConfigurableApplicationContext> nodes = new LinkedHashMap<>();

	private final List<Link> links = new ArrayList<>();

	private P2pTestNetwork() {
	}

	/**
	 * Describe a network whose nodes run an application.
	 * @param sources the application's configuration classes (its {@code @SpringBootApplication})
	 * @return a builder
	 */
	public static Builder of(Class<?>... sources) {
		return new Builder(sources);
	}

	/**
	 * A node's application context.
	 * @param nodeId the node id
	 * @return its context
	 */
	public ConfigurableApplicationContext node(String nodeId) {
		ConfigurableApplicationContext context = this.nodes.get(nodeId);
		if (context == null) {
			throw new IllegalArgumentException("No node " + nodeId + " in " + this.nodes.keySet());
		}
		return context;
	}

	/**
	 * A node's {@link PeerNode}.
	 * @param nodeId the node id
	 * @return its node
	 */
	public PeerNode peerNode(String nodeId) {
		return node(nodeId).getBean(PeerNode.class);
	}

	/**
	 * The node ids, in start order.
	 * @return the ids
	 */
	public List<String> nodeIds() {
		return List.copyOf(this.nodes.keySet());
	}

	/**
	 * The link between two nodes, in either direction.
	 * @param one a node id
	 * @param other another node id
	 * @return the link
	 */
	public Link link(String one, String other) {
		return this.links.stream()
			.filter((link) -> (link.getFrom().equals(one) && link.getTo().equals(other))
					|| (link.getFrom().equals(other) && link.getTo().equals(one)))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No link between " + one + " and " + other));
	}

	/**
	 * Every link.
	 * @return the links
	 */
	public List<Link> links() {
		return List.copyOf(this.links);
	}

	/**
	 * Drop all traffic between two groups of nodes (each group still talks within itself).
	 * @param side node ids on one side
	 * @param otherSide node ids on the other side
	 */
	public void partition(Collection<String> side, Collection<String> otherSide) {
		for (Link link : this.links) {
			if ((side.contains(link.getFrom()) && otherSide.contains(link.getTo()))
					|| (otherSide.contains(link.getFrom()) && side.contains(link.getTo()))) {
				link.drop();
			}
		}
	}

	/**
	 * Heal every link: no more dropping or delay.
	 */
	public void heal() {
		this.links.forEach(Link::heal);
	}

	/**
	 * Whether two nodes have a session with each other.
	 * @param one a node id
	 * @param other another node id
	 * @return {@code true} if both see the session
	 */
	public boolean isConnected(String one, String other) {
		return peerNode(one).findSession(other).isPresent() && peerNode(other).findSession(one).isPresent();
	}

	/**
	 * Wait (up to 10 seconds) until two nodes are connected.
	 * @param one a node id
	 * @param other another node id
	 */
	public void awaitConnected(String one, String other) {
		Awaitility.await(one + " and " + other + " connected")
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> isConnected(one, other));
	}

	/**
	 * Wait (up to 10 seconds) until every node is connected to every other.
	 */
	public void awaitFullMesh() {
		List<String> ids = nodeIds();
		Awaitility.await("full mesh of " + ids)
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> {
				for (String one : ids) {
					for (String other : ids) {
						if (!one.equals(other) && peerNode(one).findSession(other).isEmpty()) {
							return false;
						}
					}
				}
				return true;
			});
	}

	/**
	 * Stop every node (last started first) and close the links.
	 */
	@Override
	public void close() {
		List<ConfigurableApplicationContext> contexts = new ArrayList<>(this.nodes.values());
		for (int i = contexts.size() - 1; i >= 0; i--) {
			contexts.get(i).close();
		}
		this.links.forEach(Link::close);
	}

	/**
	 * Describes a network before it starts.
	 */
	public static final class Builder {

		private final Class<?>[] sources;

		private final List<String> nodeIds = new ArrayList<>();

		private final List<String> properties = new ArrayList<>();

		private final Map<String, List<String>> nodeProperties = new LinkedHashMap<>();

		Builder(Class<?>[] sources) {
			this.sources = sources.clone();
		}

		/**
		 * The nodes, started in this order.
		 * @param nodeIds their node ids
		 * @return this builder
		 */
		public Builder nodes(String... nodeIds) {
			this.nodeIds.addAll(List.of(nodeIds));
			return this;
		}

		/**
		 * Properties of every node, {@code key=value}; they override the application's
		 * configuration files.
		 * @param properties the properties
		 * @return this builder
		 */
		public Builder properties(String... properties) {
			this.properties.addAll(List.of(properties));
			return this;
		}

		/**
		 * Properties of one node, {@code key=value}.
		 * @param nodeId the node
		 * @param properties its properties
		 * @return this builder
		 */
		public Builder nodeProperties(String nodeId, String... properties) {
			this.nodeProperties.computeIfAbsent(nodeId, (id) -> new ArrayList<>()).addAll(List.of(properties));
			return this;
		}

		/**
		 * Start the nodes, each dialling the earlier ones through a link.
		 * @return the running network
		 */
		public P2pTestNetwork start() {
			P2pTestNetwork network = new P2pTestNetwork();
			try {
				for (String nodeId : this.nodeIds) {
					List<String> peers = new ArrayList<>();
					for (String earlier : network.nodes.keySet()) {
						Link link = new Link(nodeId, earlier, network.peerNode(earlier).getBoundPort());
						network.links.add(link);
						peers.add(link.getAddress().toString());
					}
					network.nodes.put(nodeId, startNode(nodeId, peers));
				}
				return network;
			}
			catch (IOException ex) {
				network.close();
				throw new UncheckedIOException(ex);
			}
			catch (RuntimeException ex) {
				network.close();
				throw ex;
			}
		}

		private ConfigurableApplicationContext startNode(String nodeId, List<String> peers) {
			List<String> arguments = new ArrayList<>(List.of("--p2p.node-id=" + nodeId, "--p2p.server.port=0",
					"--p2p.server.address=127.0.0.1", "--p2p.discovery.enabled=false",
					"--p2p.discovery.peer-exchange=false", "--p2p.peers=" + String.join(",", peers),
					"--spring.main.banner-mode=off"));
			this.properties.forEach((property) -> arguments.add("--" + property));
			this.nodeProperties.getOrDefault(nodeId, List.of()).forEach((property) -> arguments.add("--" + property));
			return new SpringApplicationBuilder(this.sources).web(WebApplicationType.NONE)
				.run(arguments.toArray(String[]::new));
		}

	}

}
