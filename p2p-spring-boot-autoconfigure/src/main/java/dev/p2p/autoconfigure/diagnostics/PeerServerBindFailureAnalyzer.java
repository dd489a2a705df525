package dev.p2p.autoconfigure.diagnostics;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

import dev.p2p.peer.PeerServerBindException;

/**
 * Explains a node that could not listen: which port or address, the properties that chose
 * them and where they were set, and how to fix it (another port, 0 for an ephemeral one,
 * which is what tests should use).
 */
class PeerServerBindFailureAnalyzer extends AbstractFailureAnalyzer<PeerServerBindException> {

	private final PropertyOrigins origins;

	PeerServerBindFailureAnalyzer(@Nullable Environment environment) {
		this.origins = new PropertyOrigins(environment);
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PeerServerBindException cause) {
		String address = (cause.getAddress() != null) ? cause.getAddress() : "0.0.0.0";
		String port = this.origins.describe("p2p.server.port", cause.getPort());
		if (cause.isPortInUse()) {
			return new FailureAnalysis(String.format(
					"The P2P node could not listen on %s:%d: the port is already in use.%n%n    %s",
					address, cause.getPort(), port),
					String.format("Stop the process listening on port %d, or set p2p.server.port to a free port. "
							+ "p2p.server.port=0 picks an ephemeral port (the bound one is in "
							+ "PeerServerStartedEvent and PeerNode#getBoundAddress); tests should use it, so "
							+ "that test contexts and other nodes never collide.", cause.getPort()),
					cause);
		}
		return new FailureAnalysis(String.format("The P2P node could not listen on %s:%d: %s%n%n    %s%n    %s",
				address, cause.getPort(), rootMessage(cause), this.origins.describe("p2p.server.address", address),
				port),
				"Set p2p.server.address to an address of this host (or 0.0.0.0 for all of them), or set "
						+ "p2p.server.enabled=false to run a node that only dials.",
				cause);
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

}
