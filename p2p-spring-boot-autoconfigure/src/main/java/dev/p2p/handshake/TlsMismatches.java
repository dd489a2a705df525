package dev.p2p.handshake;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.jspecify.annotations.Nullable;

import dev.p2p.peer.Direction;
import dev.p2p.transport.TlsMismatchException;

/**
 * Recognizes a handshake that failed because one side uses TLS ({@code p2p.ssl.bundle}) and the
 * other does not, and words it so: "peer at X speaks plaintext but this node requires TLS"
 * rather than a truncated frame or an unrecognized SSL message. Each peer (its host for inbound
 * connections, whose ports change; host and port for dialled ones) is reported at WARN once;
 * the redials after it at DEBUG. Remembers at most {@value #MAX_REMEMBERED} peers.
 */
final class TlsMismatches {

	private static final int MAX_REMEMBERED = 1024;

	private final Map<String, Boolean> reported = new ConcurrentHashMap<>();

	/**
	 * Describe a handshake failure as a TLS mismatch, if it is one.
	 * @param direction who dialled
	 * @param remote the peer's address
	 * @param cause why the connection closed
	 * @param tls whether this node uses TLS
	 * @return the description, or {@code null} if the failure is something else
	 */
	@Nullable String describe(Direction direction, InetSocketAddress remote, @Nullable Throwable cause, boolean tls) {
		String peer = "peer at " + address(remote);
		for (Throwable current = cause; current != null; current = current.getCause()) {
			if (!tls && current instanceof TlsMismatchException) {
				return peer + " speaks TLS but this node does not use TLS (p2p.ssl.bundle is not set): "
						+ current.getMessage();
			}
			if (tls && current instanceof SSLException && current.getMessage() != null) {
				String message = current.getMessage();
				if (message.contains("Unsupported or unrecognized SSL message") || message.contains("plaintext")) {
					return peer + " speaks plaintext but this node requires TLS (p2p.ssl.bundle)";
				}
				if (direction == Direction.OUTBOUND && current instanceof SSLHandshakeException
						&& message.contains("Remote host terminated the handshake")) {
					return peer + " closed the connection during the TLS handshake: it does not use TLS"
							+ " (this node requires it, p2p.ssl.bundle) or it refused this node's certificate";
				}
			}
		}
		return null;
	}

	/**
	 * Whether this is the first mismatch reported for a peer.
	 * @param direction who dialled
	 * @param remote the peer's address
	 * @return {@code true} once per peer
	 */
	boolean firstFor(Direction direction, InetSocketAddress remote) {
		String key = (direction == Direction.INBOUND) ? host(remote) : address(remote);
		if (this.reported.size() >= MAX_REMEMBERED) {
			this.reported.clear();
		}
		return this.reported.putIfAbsent(key, Boolean.TRUE) == null;
	}

	private static String address(InetSocketAddress remote) {
		return host(remote) + ":" + remote.getPort();
	}

	private static String host(InetSocketAddress remote) {
		return (remote.getAddress() != null) ? remote.getAddress().getHostAddress() : remote.getHostString();
	}

}
