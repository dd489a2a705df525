package dev.p2p.autoconfigure;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.p2p.autoconfigure.actuate.P2pSanitizingAutoConfiguration;
import dev.p2p.security.ConnectionLimits;
import dev.p2p.session.PeerNodeSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code p2p.ssl.*}, {@code p2p.security.*} and {@code p2p.limits.*} as the auto-configuration
 * turns them into node settings, and the masking of the network key.
 */
class P2pSecurityAutoConfigurationTests {

	private static final String KEY = "a network key for the tests";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class, SslAutoConfiguration.class,
				P2pSanitizingAutoConfiguration.class))
		.withPropertyValues("p2p.server.port=0", "p2p.server.address=127.0.0.1");

	@Test
	void defaultsHaveLimitsAndNoTlsOrKey() {
		this.contextRunner.run((context) -> {
			PeerNodeSettings settings = context.getBean(PeerNodeSettings.class);
			assertThat(settings.getTls()).isNull();
			assertThat(settings.getNetworkKey()).isNull();
			assertThat(settings.getLimits()).isEqualTo(ConnectionLimits.DEFAULTS);
			assertThat(settings.getAllowedPeers()).isEmpty();
		});
	}

	@Test
	void propertiesBecomeSettings() {
		this.contextRunner
			.withPropertyValues("p2p.security.network-key=" + KEY, "p2p.security.allowed-peers=a,b",
					"p2p.limits.max-connections=10", "p2p.limits.max-connections-per-address=2",
					"p2p.limits.connection-rate=1.5", "p2p.limits.connection-burst=3", "p2p.limits.idle-timeout=30s",
					"p2p.limits.max-requests-in-flight=7")
			.run((context) -> {
				PeerNodeSettings settings = context.getBean(PeerNodeSettings.class);
				assertThat(settings.getNetworkKey()).isNotNull();
				assertThat(settings.getAllowedPeers()).containsExactlyInAnyOrder("a", "b");
				assertThat(settings.getLimits())
					.isEqualTo(new ConnectionLimits(10, 2, 1.5, 3, Duration.ofSeconds(30), 7));
			});
	}

	@Test
	void handshakeModeNoneRefusesSecurityItCannotCheck() {
		this.contextRunner
			.withPropertyValues("p2p.handshake.mode=none", "p2p.security.network-key=" + KEY,
					"p2p.security.allowed-peers=a")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure())
					.hasStackTraceContaining("p2p.security.network-key, p2p.security.allowed-peers need "
							+ "p2p.handshake.mode=hello");
			});
		this.contextRunner.withPropertyValues("p2p.handshake.mode=none")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void shortKeyFailsWithoutShowingIt() {
		this.contextRunner.withPropertyValues("p2p.security.network-key=tooshort").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("p2p.security.network-key: ")
				.hasStackTraceContaining("at least 16 bytes");
			StringWriter trace = new StringWriter();
			context.getStartupFailure().printStackTrace(new PrintWriter(trace));
			assertThat(trace.toString()).doesNotContain("tooshort");
		});
	}

	@Test
	void unknownSslBundleFails() {
		this.contextRunner.withPropertyValues("p2p.ssl.bundle=missing").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("no SSL bundle named 'missing'");
		});
	}

	@Test
	void pinnedCertificatesNeedTlsAndValidFingerprints() {
		this.contextRunner.withPropertyValues("p2p.security.allowed-certificates=" + "ab".repeat(32))
			.run((context) -> assertThat(context.getStartupFailure())
				.hasStackTraceContaining("allowed-certificates needs TLS"));
		this.contextRunner.withPropertyValues("p2p.security.allowed-certificates=xyz")
			.run((context) -> assertThat(context.getStartupFailure())
				.hasStackTraceContaining("'xyz' is not a SHA-256 fingerprint"));
	}

	@Test
	void badLimitsFailWithThePropertyName() {
		this.contextRunner.withPropertyValues("p2p.limits.connection-burst=0")
			.run((context) -> assertThat(context.getStartupFailure())
				.hasStackTraceContaining("p2p.limits.connection-burst must be at least 1"));
		this.contextRunner.withPropertyValues("p2p.limits.max-connections=-1")
			.run((context) -> assertThat(context.getStartupFailure())
				.hasStackTraceContaining("p2p.limits.max-connections must be 0 or more"));
	}

	@Test
	void networkKeyIsMaskedInActuatorEndpoints() {
		this.contextRunner.withPropertyValues("p2p.security.network-key=" + KEY).run((context) -> {
			SanitizingFunction sanitizer = context.getBean(P2pSanitizingAutoConfiguration.SANITIZER_BEAN_NAME,
					SanitizingFunction.class);
			assertThat(sanitizer.applyUnlessFiltered(new SanitizableData(null, "p2p.security.network-key", KEY))
				.getValue()).isEqualTo(SanitizableData.SANITIZED_VALUE);
			assertThat(sanitizer.applyUnlessFiltered(new SanitizableData(null, "networkKey", KEY)).getValue())
				.isEqualTo(SanitizableData.SANITIZED_VALUE);
			assertThat(sanitizer.applyUnlessFiltered(new SanitizableData(null, "P2P_SECURITY_NETWORKKEY", KEY))
				.getValue()).isEqualTo(SanitizableData.SANITIZED_VALUE);
			for (String pnetKey : new String[] { "p2p.pnet.network-key", "p2p.pnet.private-key", "privateKey",
					"P2P_PNET_PRIVATEKEY" }) {
				assertThat(sanitizer.applyUnlessFiltered(new SanitizableData(null, pnetKey, "secret")).getValue())
					.isEqualTo(SanitizableData.SANITIZED_VALUE);
			}
			assertThat(sanitizer.applyUnlessFiltered(new SanitizableData(null, "p2p.network-id", "lab")).getValue())
				.isEqualTo("lab");
			assertThat(context.getBean(P2pProperties.class).getSecurity().toString()).doesNotContain(KEY);
		});
	}

}
