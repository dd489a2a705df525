package dev.p2p.compat.pnet;

import java.net.InetSocketAddress;

import dev.p2p.compat.CompatSession;
import dev.p2p.peer.Direction;

/**
 * The {@code PeerSession} a listener sees for a pnet call: the caller's pnet name (its
 * {@code og}) and the address of the connection that ended the call. pnet has one connection per
 * request, so the session lives for one call and is never registered with the node.
 */
public final class PnetCallerSession extends CompatSession {

	PnetCallerSession(String originator, InetSocketAddress remote, InetSocketAddress local) {
		super(originator, null, remote, local, Direction.INBOUND);
	}

}
