package dev.p2p.autoconfigure.diagnostics;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

import dev.p2p.autoconfigure.InvalidP2pPropertyException;

/**
 * Explains a {@code p2p.*} value the node cannot work with: the rule it breaks, the value and
 * where it was set.
 */
class InvalidP2pPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidP2pPropertyException> {

	private final PropertyOrigins origins;

	InvalidP2pPropertyFailureAnalyzer(@Nullable Environment environment) {
		this.origins = new PropertyOrigins(environment);
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidP2pPropertyException cause) {
		return new FailureAnalysis(String.format("Invalid P2P configuration: %s%n%n    %s", cause.getMessage(),
				this.origins.describe(cause.getProperty(), cause.getValue())),
				"Change " + cause.getProperty() + " where it is set (above) to a value that meets the rule. "
						+ "The README's property table lists every p2p.* property with its default and limits.",
				cause);
	}

}
