package dev.p2p.peer;

import org.jspecify.annotations.Nullable;

/**
 * What a node says about itself in HELLO (dialer) and ACCEPT (listener).
 *
 * @param protocol protocol version
 * @param nodeId the node's id, unique in its network
 * @param instanceId random id of this run of the node; a new one means the node restarted
 * @param networkId the network the node belongs to
 * @param listenHost host the node accepts connections on, {@code null} if not advertised
 * @param listenPort port the node accepts connections on, 0 if it does not listen
 * @param codec the node's default payload codec
 */
public record PeerIdentity(int protocol, String nodeId, String instanceId, String networkId,
		@Nullable String listenHost, int listenPort, String codec) {

	/**
	 * The protocol version this implementation speaks. Version 2 added the frames of
	 * heartbeats, built-in commands, streams and the network key (docs/PROTOCOL.md §3); peers of
	 * another version are denied, so no frame is ever sent to a peer that cannot read it.
	 */
	public static final int PROTOCOL_VERSION = 2;

}
