package dev.p2p.autoconfigure;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.json.JsonMapper;

import dev.p2p.compat.CompatMetrics;
import dev.p2p.compat.peerpy.PeerpyAddress;
import dev.p2p.compat.peerpy.PeerpyDataType;
import dev.p2p.compat.peerpy.PeerpyNode;
import dev.p2p.compat.peerpy.PeerpyProtocolException;
import dev.p2p.compat.peerpy.PeerpySettings;
import dev.p2p.compat.pnet.PnetKeyPairs;
import dev.p2p.compat.pnet.PnetNetworkLayer;
import dev.p2p.compat.pnet.PnetNode;
import dev.p2p.compat.pnet.PnetSettings;
import dev.p2p.listener.PacketDispatcher;
import dev.p2p.node.PeerNode;
import dev.p2p.packet.PacketCodecs;
import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.session.PeerNodeSettings;

/**
 * The compatibility profiles: peerpy ({@code p2p.peerpy.enabled=true}) and pnet
 * ({@code p2p.pnet.enabled=true}), each a {@code SmartLifecycle} next to the node. Every bean
 * backs off when the application defines its own.
 */
@AutoConfiguration(after = { P2pAutoConfiguration.class, P2pMetricsAutoConfiguration.class })
@ConditionalOnBean(PeerNode.class)
@EnableConfigurationProperties({ P2pPeerpyProperties.class, P2pPnetProperties.class })
public final class P2pCompatAutoConfiguration {

	/** pnet names: AdvancedNode's alphabet, without {@code |} and {@code @}, which break lines and adverts. */
	private static final Pattern PNET_NAME = Pattern.compile("[0-9A-Za-z!#$%^&*()\\[\\]{}:,<.>/_+`~-]{1,64}");

	@Bean
	@ConditionalOnMissingBean
	CompatMetrics p2pCompatMetrics() {
		return CompatMetrics.NONE;
	}

	/** {@code p2p.compat.refused} when Micrometer is there (registered before the fallback above). */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
	@ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
	static class Meters {

		@Bean
		@ConditionalOnMissingBean
		CompatMetrics p2pCompatMetrics(MeterRegistry registry) {
			return (profile, reason) -> Counter.builder("p2p.compat.refused")
				.description("Connections, messages and datagrams refused by the peerpy and pnet profiles")
				.tag("profile", profile)
				.tag("reason", reason)
				.register(registry)
				.increment();
		}

	}

	/** The peerpy profile. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("p2p.peerpy.enabled")
	static class Peerpy {

		@Bean
		@ConditionalOnMissingBean
		PeerpyNode p2pPeerpyNode(P2pPeerpyProperties properties, PeerNodeSettings nodeSettings, PeerNode node,
				PacketTypeRegistry packetTypes, ObjectProvider<JsonMapper> mapper, CompatMetrics metrics) {
			return new PeerpyNode(peerpySettings(properties, nodeSettings, packetTypes), node,
					mapper.getIfAvailable(JsonMapper::new), metrics);
		}

	}

	/** The pnet profile. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("p2p.pnet.enabled")
	static class Pnet {

		@Bean
		@ConditionalOnMissingBean
		PnetNode p2pPnetNode(P2pPnetProperties properties, PeerNodeSettings nodeSettings, PeerNode node,
				PacketTypeRegistry packetTypes, PacketCodecs codecs, PacketDispatcher dispatcher,
				ObjectProvider<JsonMapper> mapper, CompatMetrics metrics) {
			return new PnetNode(pnetSettings(properties, nodeSettings), node, packetTypes, codecs,
					mapper.getIfAvailable(JsonMapper::new), metrics, dispatcher::hasPacketListener);
		}

	}

	static PeerpySettings peerpySettings(P2pPeerpyProperties properties, PeerNodeSettings node,
			PacketTypeRegistry packetTypes) {
		if (properties.getPacketType() == null || properties.getPacketType().isBlank()) {
			throw new InvalidP2pPropertyException("p2p.peerpy.packet-type", null,
					"p2p.peerpy.packet-type must name the packet type of peerpy DATA (a constant of p2p.packet-types)");
		}
		Enum<?> packetType;
		try {
			packetType = packetTypes.typeNamed(properties.getPacketType());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidP2pPropertyException("p2p.peerpy.packet-type", properties.getPacketType(),
					"p2p.peerpy.packet-type: " + ex.getMessage(), ex);
		}
		PeerpyDataType dataType;
		try {
			dataType = PeerpyDataType.fromWire(properties.getDataType());
		}
		catch (PeerpyProtocolException ex) {
			dataType = PeerpyDataType.RAW;
		}
		if (dataType == PeerpyDataType.RAW) {
			throw new InvalidP2pPropertyException("p2p.peerpy.data-type", properties.getDataType(),
					"p2p.peerpy.data-type must be json or bytes (raw is pickle and never offered)");
		}
		List<PeerpyAddress> peers = properties.getPeers().stream().map((text) -> {
			try {
				return PeerpyAddress.parse(text);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidP2pPropertyException("p2p.peerpy.peers", text, "p2p.peerpy.peers: " + ex.getMessage(), ex);
			}
		}).toList();
		return new PeerpySettings(packetType, properties.getAddress(), port("p2p.peerpy.port", properties.getPort()),
				blankToNull(properties.getAdvertisedHost()), peers, dataType, node.getMaxPayloadSize(),
				positiveSize("p2p.peerpy.max-send-size", properties.getMaxSendSize().toBytes()),
				positive("p2p.peerpy.hello-timeout", properties.getHelloTimeout()),
				positive("p2p.peerpy.idle-timeout", properties.getIdleTimeout()),
				positiveSize("p2p.peerpy.max-connections", properties.getMaxConnections()), node.getReconnect(),
				properties.isDiscovery(), port("p2p.peerpy.discovery-port", properties.getDiscoveryPort()));
	}

	static PnetSettings pnetSettings(P2pPnetProperties properties, PeerNodeSettings node) {
		String name = (properties.getName() != null && !properties.getName().isBlank()) ? properties.getName()
				: node.getNodeId();
		if (!PNET_NAME.matcher(name).matches()) {
			throw new InvalidP2pPropertyException("p2p.pnet.name", name, "p2p.pnet.name '" + name
					+ "' must be 1 to 64 characters of pnet's name alphabet (letters, digits, !#$%^&*()[]{}:,<.>/-_+`~)");
		}
		String networkKey = blankToNull(properties.getNetworkKey());
		if (networkKey != null) {
			try {
				new PnetNetworkLayer(networkKey, new SecureRandom());
			}
			catch (IllegalArgumentException ex) {
				// the message never holds the key
				throw new InvalidP2pPropertyException("p2p.pnet.network-key", null,
						"p2p.pnet.network-key must be a Fernet key (44 url-safe base64 characters, as Fernet.generate_key())",
						ex);
			}
		}
		KeyPair keyPair;
		try {
			keyPair = (blankToNull(properties.getPrivateKey()) != null)
					? PnetKeyPairs.fromPkcs8Pem(properties.getPrivateKey()) : PnetKeyPairs.generate(properties.getKeySize());
		}
		catch (IllegalArgumentException ex) {
			String property = (blankToNull(properties.getPrivateKey()) != null) ? "p2p.pnet.private-key"
					: "p2p.pnet.key-size";
			throw new InvalidP2pPropertyException(property, null, property + ": " + ex.getMessage(), ex);
		}
		return new PnetSettings(name, properties.getNetworkId(), properties.getAddress(),
				port("p2p.pnet.server-port", properties.getServerPort()),
				port("p2p.pnet.advertise-port", properties.getAdvertisePort()), properties.getAdvertiseAddress(),
				positive("p2p.pnet.advertise-interval", properties.getAdvertiseInterval()),
				blankToNull(properties.getAdvertisedHost()), networkKey, keyPair,
				positive("p2p.pnet.read-timeout", properties.getReadTimeout()),
				positive("p2p.pnet.call-timeout", properties.getCallTimeout()),
				positiveSize("p2p.pnet.max-line-length", properties.getMaxLineLength().toBytes()),
				positiveSize("p2p.pnet.max-transfer-size", properties.getMaxTransferSize().toBytes()),
				positiveSize("p2p.pnet.max-connections", properties.getMaxConnections()),
				positive("p2p.pnet.peer-expiry", properties.getPeerExpiry()));
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	private static int port(String property, int value) {
		if (value < 0 || value > 65535) {
			throw new InvalidP2pPropertyException(property, value, property + " must be from 0 to 65535, was " + value);
		}
		return value;
	}

	private static int positiveSize(String property, long value) {
		if (value < 1 || value > Integer.MAX_VALUE - 8) {
			throw new InvalidP2pPropertyException(property, value, property + " must be positive, was " + value);
		}
		return (int) value;
	}

	private static Duration positive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidP2pPropertyException(property, value, property + " must be a positive duration, was " + value);
		}
		return value;
	}

}
