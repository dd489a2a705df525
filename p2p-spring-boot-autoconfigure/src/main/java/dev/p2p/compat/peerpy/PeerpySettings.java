package dev.p2p.compat.peerpy;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.p2p.session.ReconnectBackoff;

/**
 * Configuration of the peerpy profile ({@code p2p.peerpy.*}), checked by the
 * auto-configuration.
 *
 * @param packetType the packet type peerpy DATA arrives as, and the only type sent back
 * @param bindAddress the address the peerpy server binds
 * @param port the peerpy TCP port, 0 for an ephemeral one
 * @param advertisedHost the host in this node's {@code peer_name} and PONGs, {@code null} for
 * the first site-local IPv4 address (loopback if none)
 * @param peers peerpy peers dialled at start and redialled
 * @param dataType data type of the connections this node dials ({@code json} or {@code bytes})
 * @param maxPayloadSize largest {@code data_size} read
 * @param maxSendSize largest payload written (larger ones desynchronise peerpy's single recv)
 * @param helloTimeout how long a HELLO or its answer may take (peerpy: 2 s)
 * @param idleTimeout silence after which a connection is dead (peerpy pings every ~2 s)
 * @param maxConnections most peerpy connections at once
 * @param reconnect backoff between dials of a peer
 * @param discovery whether to answer and send peerpy's UDP PINGs
 * @param discoveryPort the UDP discovery port (peerpy hardcodes 1024)
 */
public record PeerpySettings(Enum<?> packetType, String bindAddress, int port, @Nullable String advertisedHost,
		List<PeerpyAddress> peers, PeerpyDataType dataType, int maxPayloadSize, int maxSendSize, Duration helloTimeout,
		Duration idleTimeout, int maxConnections, ReconnectBackoff reconnect, boolean discovery, int discoveryPort) {

	/** Profile name in metrics and logs. */
	public static final String PROFILE = "peerpy";

	public PeerpySettings {
		peers = List.copyOf(peers);
		if (dataType == PeerpyDataType.RAW) {
			throw new IllegalArgumentException("p2p.peerpy.data-type raw is pickle and never offered; use json or bytes");
		}
	}

}
