package dev.p2p.bench;

/**
 * The node of the {@code many-peers} scenario: a variant's server answering every request on every
 * connection with its own payload (the starter: a {@code PING} listener replying {@code PONG}), while
 * {@link PeerLoadMain} drives many peers at it from a child JVM.
 */
interface EchoNode {

	/**
	 * Start the node on an ephemeral loopback port.
	 * @param payloadSize bytes per request and reply
	 * @return the running node
	 * @throws Exception if it does not start
	 */
	Node listenEcho(int payloadSize) throws Exception;

	/**
	 * The node of the variant called {@code name}.
	 * @param name one of {@link BenchmarkMain#VARIANT_NAMES}
	 * @return its node
	 */
	static EchoNode of(String name) {
		return name.equals("starter") ? new StarterRemote() : (EchoNode) BenchmarkMain.variant(name);
	}

	/**
	 * A running node.
	 * @param port the port it listens on
	 * @param close stops it
	 */
	record Node(int port, AutoCloseable close) {
	}

}
