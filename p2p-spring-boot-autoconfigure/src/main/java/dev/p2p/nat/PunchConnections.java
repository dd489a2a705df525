package dev.p2p.nat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.p2p.node.PeerNode;
import dev.p2p.reach.HolePunchFrames.Join;

/**
 * One attempt of a round's simultaneous open, and what its connections become: the initiator's
 * connection starts with PUNCH_JOIN and is handshaken as dialled; the responder adopts every
 * connection as accepted, and the initiator's JOIN picks the one that counts (the others end at
 * the handshake timeout).
 */
final class PunchConnections {

	private static final Log logger = LogFactory.getLog(PunchConnections.class);

	private PunchConnections() {
	}

	/**
	 * Dial every address of the other end at once, from the listen port.
	 * @param node this node
	 * @param punch the round
	 * @param attempt the attempt's number
	 * @param timeout connect timeout
	 * @param failed told why, when no address connected
	 */
	static void dial(@Nullable PeerNode node, PunchRound punch, int attempt, Duration timeout,
			Consumer<@Nullable String> failed) {
		InetSocketAddress bound = (node != null) ? node.getBoundAddress() : null;
		if (node == null || bound == null || punch.result.isDone()) {
			return;
		}
		SimultaneousOpen.dial(node.adoptableSocketFactory(), PunchAddresses.dialled(punch.theirAddresses, bound), bound,
				timeout, punch.initiator,
				punch.result::isDone, (socket, target) -> {
					if (punch.initiator) {
						logger.info("Hole punch with '" + punch.session.getNodeId() + "' connected "
								+ socket.getLocalSocketAddress() + " -> " + target + " (attempt " + attempt + ")");
						node.adoptConnection(socket, false,
								SimultaneousOpen.joinFrame(new Join(node.getNodeId(), punch.token())));
					}
					else {
						node.adoptConnection(socket, true, new byte[0]);
					}
				}, failed::accept);
	}

}
