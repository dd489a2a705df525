package dev.p2p.autoconfigure.actuate;

import java.util.Locale;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Masks {@code p2p.security.network-key}, {@code p2p.pnet.network-key} and
 * {@code p2p.pnet.private-key} in the {@code configprops} and {@code env} actuator
 * endpoints even where an application shows property values
 * ({@code management.endpoint.*.show-values=always}).
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class P2pSanitizingAutoConfiguration {

	/** Name of the sanitizing function bean. */
	public static final String SANITIZER_BEAN_NAME = "p2pNetworkKeySanitizer";

	@Bean(SANITIZER_BEAN_NAME)
	@ConditionalOnMissingBean(name = SANITIZER_BEAN_NAME)
	SanitizingFunction p2pNetworkKeySanitizer() {
		return SanitizingFunction.sanitizeValue().ifKeyMatches(P2pSanitizingAutoConfiguration::isNetworkKey);
	}

	static boolean isNetworkKey(String key) {
		String normalized = key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
		// p2p.security.network-key, p2p.pnet.network-key and p2p.pnet.private-key (configprops passes
		// the bare field name, so any property named like a private key is masked: a secret either way)
		return normalized.endsWith("networkkey") || normalized.endsWith("privatekey");
	}

}
