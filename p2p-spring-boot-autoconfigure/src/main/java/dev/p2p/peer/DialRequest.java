package dev.p2p.peer;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * An outgoing connection attempt: completes when the session is established, fails when the
 * handshake fails; tells the static-peer dialer that made it, if any.
 */
final class DialRequest {

	final PeerAddress address;

	final CompletableFuture<PeerSession> result = new CompletableFuture<>();

	final @Nullable PeerDialer dialer;

	DialRequest(PeerAddress address, @Nullable PeerDialer dialer) {
		this.address = address;
		this.dialer = dialer;
	}

}
