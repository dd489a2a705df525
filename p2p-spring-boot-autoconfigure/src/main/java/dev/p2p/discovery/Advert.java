package dev.p2p.discovery;

import org.jspecify.annotations.Nullable;

/**
 * What a discovery datagram says about its sender (docs/PROTOCOL.md §11.1).
 *
 * @param query {@code true} for a QUERY (the sender asks others to advertise themselves now),
 * {@code false} for an ADVERT
 * @param protocolVersion the sender's protocol version
 * @param networkId the sender's network id
 * @param nodeId the sender's node id
 * @param instanceId the sender's process instance id (tells a looped-back advert of this node
 * from another process claiming its node id)
 * @param listenHost the host the sender accepts connections on, {@code null} to use the
 * datagram's source address
 * @param listenPort the TCP port the sender accepts connections on, 0 if it does not
 */
public record Advert(boolean query, int protocolVersion, String networkId, String nodeId, String instanceId,
		@Nullable String listenHost, int listenPort) {
}
