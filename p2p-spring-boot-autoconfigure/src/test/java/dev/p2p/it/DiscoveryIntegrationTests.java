package dev.p2p.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.p2p.autoconfigure.actuate.P2pEndpoint;
import dev.p2p.discovery.Advert;
import dev.p2p.discovery.AdvertCodec;
import dev.p2p.discovery.DatagramAuthenticator;
import dev.p2p.discovery.NetworkKeyAuthenticator;
import dev.p2p.discovery.PeerDiscovery;
import dev.p2p.event.DatagramDropReason;
import dev.p2p.event.DiscoveryDatagramRejectedEvent;
import dev.p2p.event.DiscoverySource;
import dev.p2p.event.PeerDiscoveredEvent;
import dev.p2p.event.PeerLostEvent;
import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.PeerIdentity;
import dev.p2p.security.NetworkKey;
import io.micrometer.core.instrument.MeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * UDP discovery among real nodes on loopback, each on an ephemeral TCP port, all sharing one
 * random free UDP port; no static peers anywhere.
 */
class DiscoveryIntegrationTests {

	private final List<TestPeer> peers = new ArrayList<>();

	private final int udpPort = freeUdpPort();

	@AfterEach
	void close() {
		this.peers.forEach(TestPeer::close);
	}

	@Test
	void fiveNodesWithNoStaticPeersFormAFullMeshByBroadcast() {
		for (int i = 1; i <= 5; i++) {
			start("node-" + i);
		}
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> this.peers
				.forEach((peer) -> assertThat(peer.node.getSessions()).as(peer.node.getNodeId()).hasSize(4)));
		TestPeer first = this.peers.get(0);
		assertThat(first.recorder.events(PeerDiscoveredEvent.class)).extracting(PeerDiscoveredEvent::getNodeId)
			.contains("node-2", "node-3", "node-4", "node-5")
			.doesNotContain("node-1");
		assertThat(first.recorder.events(PeerDiscoveredEvent.class)).allSatisfy((event) -> {
			assertThat(event.getDiscoverySource()).isEqualTo(DiscoverySource.UDP);
			assertThat(event.getAddress().host()).isEqualTo("127.0.0.1");
		});
		// every node hears its own adverts looped back, and drops them
		assertThat(discovery(first).getDroppedDatagrams(DatagramDropReason.OWN)).isPositive();
		MeterRegistry registry = first.context.getBean(MeterRegistry.class);
		// at least 4: a peer lost in a stall of the loaded machine is discovered again
		assertThat(registry.get("p2p.discovery.peers").tag("source", "udp").tag("event", "discovered").counter().count())
			.isGreaterThanOrEqualTo(4);
	}

	@Test
	void threeNodesFindEachOtherByMulticastOnLoopback() {
		for (int i = 1; i <= 3; i++) {
			start("mc-" + i, "p2p.discovery.mode=multicast", "p2p.discovery.group=239.255.42.77");
		}
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> this.peers
				.forEach((peer) -> assertThat(peer.node.getSessions()).as(peer.node.getNodeId()).hasSize(2)));
	}

	@Test
	void aPeerWhoseAdvertsStopIsLostAndNoLongerRedialled() {
		TestPeer stays = start("stays");
		TestPeer leaves = start("leaves");
		await().atMost(Duration.ofSeconds(20)).until(() -> stays.isConnectedTo("leaves"));
		PeerAddress address = new PeerAddress("127.0.0.1", leaves.port());
		assertThat(stays.node.isKeptConnected(address)).isTrue();
		leaves.close();
		this.peers.remove(leaves);
		await().atMost(Duration.ofSeconds(20)).until(() -> !stays.recorder.events(PeerLostEvent.class).isEmpty());
		PeerLostEvent lost = stays.recorder.events(PeerLostEvent.class).get(0);
		assertThat(lost.getNodeId()).isEqualTo("leaves");
		assertThat(lost.getAddress()).isEqualTo(address);
		assertThat(stays.node.isKeptConnected(address)).isFalse();
	}

	@Test
	void aRestartedPeerIsFoundAtItsNewAddressAndNoLongerDialledAtTheOld() {
		TestPeer stays = start("stays");
		TestPeer phoenix = start("phoenix");
		await().atMost(Duration.ofSeconds(20)).until(() -> stays.isConnectedTo("phoenix"));
		PeerAddress old = new PeerAddress("127.0.0.1", phoenix.port());
		phoenix.close();
		this.peers.remove(phoenix);
		TestPeer reborn = start("phoenix");
		PeerAddress now = new PeerAddress("127.0.0.1", reborn.port());
		await().atMost(Duration.ofSeconds(20))
			.until(() -> stays.isConnectedTo("phoenix") && reborn.isConnectedTo("stays"));
		await().atMost(Duration.ofSeconds(10)).until(() -> !stays.node.isKeptConnected(old));
		assertThat(stays.node.isKeptConnected(now)).isTrue();
		assertThat(stays.recorder.events(PeerLostEvent.class)).extracting(PeerLostEvent::getAddress).contains(old);
	}

	@Test
	void aNodeHeardFromSeveralAddressesKeepsItsFirstAndIsNeverLost() throws Exception {
		// a node advertising on several interfaces (no listen host) reaches others from several sources
		TestPeer listener = start("listener", "p2p.discovery.auto-connect=false");
		byte[] advert = new AdvertCodec(DatagramAuthenticator.NONE)
			.encode(new Advert(false, PeerIdentity.PROTOCOL_VERSION, "default", "multi", UUID.randomUUID().toString(),
					null, 4000));
		for (int i = 0; i < 12; i++) {
			sendFrom((i % 2 == 0) ? "127.0.0.1" : "127.0.0.2", advert);
		}
		// adverts are handled in order: once the marker is known, so are all of the above
		sendFrom("127.0.0.1", new AdvertCodec(DatagramAuthenticator.NONE).encode(new Advert(false,
				PeerIdentity.PROTOCOL_VERSION, "default", "marker", UUID.randomUUID().toString(), null, 4001)));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> listener.recorder.events(PeerDiscoveredEvent.class).size() == 2);
		assertThat(listener.recorder.events(PeerDiscoveredEvent.class)).filteredOn((event) -> "multi".equals(event.getNodeId()))
			.singleElement()
			.satisfies((event) -> assertThat(event.getAddress().toString()).isEqualTo("127.0.0.1:4000"));
		assertThat(listener.recorder.events(PeerLostEvent.class)).isEmpty();
		assertThat(discovery(listener).getDiscoveredPeers()).hasSize(2);
	}

	@Test
	void aFloodOfMadeUpNodesCannotGrowThePeerTable() throws Exception {
		TestPeer listener = start("listener", "p2p.discovery.auto-connect=false", "p2p.discovery.max-peers=1");
		AdvertCodec codec = new AdvertCodec(DatagramAuthenticator.NONE);
		PeerDiscovery discovery = discovery(listener);
		AtomicInteger next = new AtomicInteger();
		// more made-up nodes than the table holds, until one is dropped (UDP may lose some under load)
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			for (int i = 0; i < 100; i++) {
				int n = next.getAndIncrement();
				sendFrom("127.0.0.1", codec.encode(new Advert(false, PeerIdentity.PROTOCOL_VERSION, "default",
						"fake-" + n, "instance", "127.0.0.1", 10_000 + (n % 50_000))));
			}
			return discovery.getDroppedDatagrams(DatagramDropReason.TOO_MANY_PEERS) > 0;
		});
		// (made-up entries expire after three intervals, so the table may already be shrinking)
		assertThat(discovery.getDiscoveredPeers().size()).isLessThanOrEqualTo(256);
		assertThat(listener.context.getBean(MeterRegistry.class)
			.get("p2p.discovery.datagrams.dropped")
			.tag("reason", "too-many-peers")
			.counter()
			.count()).isPositive();
	}

	@Test
	void autoConnectOffDiscoversWithoutDialling() {
		TestPeer quiet = start("quiet", "p2p.discovery.auto-connect=false");
		TestPeer other = start("other", "p2p.discovery.auto-connect=false");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> quiet.recorder.events(PeerDiscoveredEvent.class).size() == 1
					&& other.recorder.events(PeerDiscoveredEvent.class).size() == 1);
		assertThat(quiet.node.getSessions()).isEmpty();
		// the actuator endpoint lists the discovered peer although it is not connected
		assertThat(new P2pEndpoint(quiet.node, Duration.ofSeconds(1), discovery(quiet)).node().discoveredPeers())
			.containsExactly("127.0.0.1:" + other.port());
		assertThat(discovery(quiet).getDiscoveredPeers()).containsExactly(new PeerAddress("127.0.0.1", other.port()));
	}

	@Test
	void foreignOwnSpoofedMalformedAndOversizedDatagramsAreDroppedCountedAndHarmless() throws Exception {
		TestPeer node = start("target");
		AdvertCodec codec = new AdvertCodec(DatagramAuthenticator.NONE);
		String realInstance = node.node.getInstanceId();
		send(codec.encode(advert("default-not", "stranger", UUID.randomUUID().toString(), 4000)), "foreign too");
		send(codec.encode(advert("other-network", "stranger", UUID.randomUUID().toString(), 4000)), "foreign");
		send(codec.encode(advert("default", "target", UUID.randomUUID().toString(), 4000)), "impostor");
		send(codec.encode(advert("default", "target", realInstance, node.port())), "own echo");
		send("not an advert at all".getBytes(), "garbage");
		byte[] truncated = codec.encode(advert("default", "someone", UUID.randomUUID().toString(), 4000));
		send(java.util.Arrays.copyOf(truncated, truncated.length - 3), "truncated");
		send(new byte[AdvertCodec.MAX_SIZE + 500], "oversize");
		PeerDiscovery discovery = discovery(node);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(discovery.getDroppedDatagrams(DatagramDropReason.FOREIGN_NETWORK)).isEqualTo(2);
			assertThat(discovery.getDroppedDatagrams(DatagramDropReason.SPOOFED)).isEqualTo(1);
			assertThat(discovery.getDroppedDatagrams(DatagramDropReason.MALFORMED)).isEqualTo(2);
			assertThat(discovery.getDroppedDatagrams(DatagramDropReason.OVERSIZE)).isEqualTo(1);
			assertThat(discovery.getDroppedDatagrams(DatagramDropReason.OWN)).isPositive();
		});
		assertThat(node.recorder.events(DiscoveryDatagramRejectedEvent.class))
			.extracting(DiscoveryDatagramRejectedEvent::getReason)
			.contains(DatagramDropReason.FOREIGN_NETWORK, DatagramDropReason.SPOOFED, DatagramDropReason.MALFORMED,
					DatagramDropReason.OVERSIZE)
			.doesNotContain(DatagramDropReason.OWN);
		MeterRegistry registry = node.context.getBean(MeterRegistry.class);
		assertThat(registry.get("p2p.discovery.datagrams.dropped").tag("reason", "malformed").counter().count())
			.isEqualTo(2);
		assertThat(node.recorder.events(PeerDiscoveredEvent.class)).isEmpty();
		assertThat(node.node.getSessions()).isEmpty();
		// still discovering: a real peer arrives and is connected
		start("late");
		await().atMost(Duration.ofSeconds(20)).until(() -> node.isConnectedTo("late"));
	}

	@Test
	void theNetworkKeyAuthenticatesAdvertsAndDropsTheOnesItCannotVerify() throws Exception {
		String key = "network-key=the network's secret";
		TestPeer keyed = start("keyed", "p2p.security." + key);
		TestPeer keyedToo = start("keyed-too", "p2p.security." + key);
		TestPeer keyless = start("keyless");
		await().atMost(Duration.ofSeconds(20)).until(() -> keyed.isConnectedTo("keyed-too"));
		PeerDiscovery discovery = discovery(keyed);
		// the keyless node's adverts carry no tag
		await().atMost(Duration.ofSeconds(10))
			.until(() -> discovery.getDroppedDatagrams(DatagramDropReason.SPOOFED) > 0);
		send(new AdvertCodec(new NetworkKeyAuthenticator(dev.p2p.security.NetworkKey.of("another secret, not ours")))
			.encode(advert("default", "forger", UUID.randomUUID().toString(), 4000)), "forged");
		await().atMost(Duration.ofSeconds(10)).until(() -> keyed.recorder.events(DiscoveryDatagramRejectedEvent.class)
			.stream()
			.anyMatch((event) -> event.getDetail().contains("'forger'")));
		assertThat(keyed.recorder.events(PeerDiscoveredEvent.class)).extracting(PeerDiscoveredEvent::getNodeId)
			.containsExactly("keyed-too");
		assertThat(keyedToo.isConnectedTo("keyless")).isFalse();
		// the keyless node verifies nothing and hears everyone; the handshake keeps it out
		assertThat(keyless.recorder.events(PeerDiscoveredEvent.class)).isNotEmpty();
		assertThat(keyless.node.getSessions()).isEmpty();
	}

	private Advert advert(String network, String nodeId, String instance, int port) {
		return new Advert(false, PeerIdentity.PROTOCOL_VERSION, network, nodeId, instance, "127.0.0.1", port);
	}

	private void sendFrom(String source, byte[] datagram) throws IOException {
		try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName(source))) {
			socket.setBroadcast(true);
			socket.send(new DatagramPacket(datagram, datagram.length,
					new InetSocketAddress("127.255.255.255", this.udpPort)));
		}
	}

	private void send(byte[] datagram, String what) throws IOException {
		try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			socket.setBroadcast(true);
			socket.send(new DatagramPacket(datagram, datagram.length,
					new InetSocketAddress("127.255.255.255", this.udpPort)));
		}
	}

	@Test
	void twoNodesFindEachOtherByIpv6LinkLocalMulticastAlone() {
		String nif = Ipv6MulticastProbe.loopingInterface();
		Assumptions.assumeTrue(nif != null, "no interface here delivers IPv6 link-local multicast back to this host");
		String[] ipv6Only = { "p2p.discovery.ipv4=false", "p2p.discovery.ipv6=true",
				"p2p.discovery.ipv6-group=ff02::7032:" + Integer.toHexString(this.udpPort),
				"p2p.discovery.interface=" + nif, "p2p.server.address=::" };
		TestPeer first = start("six-1", ipv6Only);
		TestPeer second = start("six-2", ipv6Only);
		await().atMost(Duration.ofSeconds(30)).until(() -> first.isConnectedTo("six-2") && second.isConnectedTo("six-1"));
		assertThat(first.recorder.events(PeerDiscoveredEvent.class)).isNotEmpty().allSatisfy((event) -> {
			assertThat(event.getDiscoverySource()).isEqualTo(DiscoverySource.UDP);
			// the datagram's IPv6 link-local source, with its scope
			assertThat(event.getAddress().host()).startsWith("fe80:").contains("%");
		});
		assertThat(discovery(first).getDroppedDatagrams(DatagramDropReason.OWN)).isPositive();
	}

	private TestPeer start(String nodeId, String... extra) {
		return start(nodeId, new Class<?>[0], extra);
	}

	private TestPeer start(String nodeId, Class<?>[] configuration, String... extra) {
		List<String> properties = new ArrayList<>(List.of("p2p.discovery.enabled=true",
				"p2p.discovery.port=" + this.udpPort, "p2p.discovery.interface=lo", "p2p.discovery.interval=300ms",
				"p2p.heartbeat.interval=1s", "p2p.heartbeat.timeout=5s"));
		properties.addAll(List.of(extra));
		TestPeer peer = TestPeer.start(nodeId, configuration, properties.toArray(String[]::new));
		this.peers.add(peer);
		return peer;
	}

	private static PeerDiscovery discovery(TestPeer peer) {
		return peer.context.getBean(PeerDiscovery.class);
	}

	static int freeUdpPort() {
		try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
