package dev.p2p.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.util.unit.DataSize;

import dev.p2p.discovery.DiscoverySettings;
import dev.p2p.peer.PeerAddress;
import dev.p2p.session.PeerNodeSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link P2pSettingsMapper} without a context: what each property becomes, and the property a
 * bad value is reported under.
 */
class P2pSettingsMapperTests {

	@Test
	void defaultPropertiesGiveTheDocumentedSettings() {
		P2pProperties properties = new P2pProperties();
		PeerNodeSettings settings = new P2pSettingsMapper(properties).nodeSettings(false, null);
		assertThat(settings.getNodeId()).matches("node-[0-9a-f]{8}");
		assertThat(settings.getNetworkId()).isEqualTo("default");
		assertThat(settings.getServerPort()).isEqualTo(5001);
		assertThat(settings.getMaxPayloadSize()).isEqualTo(16 * 1024 * 1024);
		assertThat(settings.getListenerThreads()).isEqualTo(properties.getListener().getThreads());
		assertThat(settings.getHeartbeatInterval()).isEqualTo(properties.getHeartbeat().getInterval());
		assertThat(settings.getTls()).isNull();
		assertThat(settings.getNetworkKey()).isNull();
		assertThat(settings.isVirtualThreads()).isFalse();
		assertThat(new P2pSettingsMapper(properties).requestTimeout()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void propertiesAreMappedToTheirSettings() {
		P2pProperties properties = new P2pProperties();
		properties.setNodeId("alpha");
		properties.getServer().setPort(0);
		properties.getServer().setAdvertisedHost("alpha.example");
		properties.setPeers(List.of("127.0.0.1:5002"));
		properties.getSend().setQueueCapacity(DataSize.ofKilobytes(64));
		properties.getHeartbeat().setEnabled(false);
		properties.getStream().setChunkSize(DataSize.ofKilobytes(16));
		PeerNodeSettings settings = new P2pSettingsMapper(properties).nodeSettings(true, null);
		assertThat(settings.getNodeId()).isEqualTo("alpha");
		assertThat(settings.getServerPort()).isZero();
		assertThat(settings.getAdvertisedHost()).isEqualTo("alpha.example");
		assertThat(settings.getPeers()).containsExactly(PeerAddress.parse("127.0.0.1:5002"));
		assertThat(settings.getSendQueueCapacity()).isEqualTo(64 * 1024);
		assertThat(settings.getHeartbeatInterval()).isNull();
		assertThat(settings.getStreams().chunkSize()).isEqualTo(16 * 1024);
		assertThat(settings.isVirtualThreads()).isTrue();
	}

	@Test
	void discoverySettingsCarryTheRequestTimeoutAndTheDnsName() {
		P2pProperties properties = new P2pProperties();
		properties.getDiscovery().setDnsName("peers.example:5001");
		properties.getRequest().setTimeout(Duration.ofSeconds(3));
		DiscoverySettings settings = new P2pSettingsMapper(properties).discoverySettings();
		assertThat(settings.dnsName()).isEqualTo(PeerAddress.parse("peers.example:5001"));
		assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(settings.networkInterface()).isNull();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badValues")
	void aBadValueIsReportedUnderItsProperty(String property, Consumer<P2pProperties> bad) {
		P2pProperties properties = new P2pProperties();
		bad.accept(properties);
		P2pSettingsMapper mapper = new P2pSettingsMapper(properties);
		assertThatExceptionOfType(InvalidP2pPropertyException.class).isThrownBy(() -> {
			mapper.nodeSettings(false, null);
			mapper.discoverySettings();
			mapper.requestTimeout();
		}).satisfies((ex) -> {
			assertThat(ex.getProperty()).isEqualTo(property);
			assertThat(ex.getMessage()).startsWith(property);
		});
	}

	static Stream<Arguments> badValues() {
		return Stream.of(
				bad("p2p.node-id", (p) -> p.setNodeId("tab\there")),
				bad("p2p.server.port", (p) -> p.getServer().setPort(70000)),
				bad("p2p.max-payload-size", (p) -> p.setMaxPayloadSize(DataSize.ofBytes(0))),
				bad("p2p.send.timeout", (p) -> p.getSend().setTimeout(Duration.ZERO)),
				bad("p2p.listener.threads", (p) -> p.getListener().setThreads(0)),
				bad("p2p.peers", (p) -> p.setPeers(List.of("no-port"))),
				bad("p2p.stream.window", (p) -> p.getStream().setWindow(DataSize.ofBytes(10))),
				bad("p2p.heartbeat.timeout", (p) -> p.getHeartbeat().setTimeout(p.getHeartbeat().getInterval())),
				bad("p2p.limits.connection-burst", (p) -> p.getLimits().setConnectionBurst(0)),
				bad("p2p.discovery.max-peers", (p) -> p.getDiscovery().setMaxPeers(0)),
				bad("p2p.request.timeout", (p) -> p.getRequest().setTimeout(Duration.ofSeconds(-1))));
	}

	private static Arguments bad(String property, Consumer<P2pProperties> change) {
		return Arguments.of(property, change);
	}

}
