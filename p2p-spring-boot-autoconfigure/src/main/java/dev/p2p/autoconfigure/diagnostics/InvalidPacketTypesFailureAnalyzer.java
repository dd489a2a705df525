package dev.p2p.autoconfigure.diagnostics;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

import dev.p2p.packet.InvalidPacketTypesException;

/**
 * Explains a packet-type enum the node cannot use: each colliding or reserved code, or a class
 * that is not an enum, with the {@code p2p.packet-types} setting that named it.
 */
class InvalidPacketTypesFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPacketTypesException> {

	private final PropertyOrigins origins;

	InvalidPacketTypesFailureAnalyzer(@Nullable Environment environment) {
		this.origins = new PropertyOrigins(environment);
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidPacketTypesException cause) {
		String setting = this.origins.describe("p2p.packet-types",
				(cause.getType() != null) ? cause.getType().getName() : null);
		if (cause.getProblems().isEmpty()) {
			return new FailureAnalysis(
					String.format("The P2P packet types are not an enum: %s%n%n    %s", cause.getMessage(), setting),
					"Set p2p.packet-types to the fully qualified name of the enum whose constants are your packet "
							+ "types (a nested enum is written Outer$Inner).",
					cause);
		}
		StringBuilder description = new StringBuilder(String.format(
				"The P2P packet-type enum %s cannot be used:%n", cause.getType().getName()));
		cause.getProblems().forEach((problem) -> description.append(String.format("%n    - %s", problem)));
		description.append(String.format("%n%n    %s", setting));
		return new FailureAnalysis(description.toString(),
				"Give every constant its own wire code below 0xFFFFFF00 (codes from 0xFFFFFF00 up are the "
						+ "protocol's control frames): implement CodedPacketType#code() with distinct values, or "
						+ "drop code() to use the ordinals.",
				cause);
	}

}
