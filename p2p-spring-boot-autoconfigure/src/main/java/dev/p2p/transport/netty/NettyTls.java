package dev.p2p.transport.netty;

import java.net.InetSocketAddress;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import io.netty.handler.ssl.SslHandler;
import org.jspecify.annotations.Nullable;

import dev.p2p.transport.TlsSettings;

/**
 * TLS on a channel: an {@link SslHandler} over an engine from the current SSL context (so a
 * reloaded bundle applies to the next connection), configured like the TCP transport's sockets:
 * the dialling end is the client and checks the host name when asked to, the accepting end asks
 * for client certificates as configured.
 */
final class NettyTls {

	private NettyTls() {
	}

	/**
	 * A handler for a new connection.
	 * @param tls the TLS settings
	 * @param client whether this end dialled
	 * @param peer the dialled host and port (for host name verification and session reuse), or
	 * {@code null} when accepting
	 * @return the handler, first in the pipeline
	 */
	static SslHandler handler(TlsSettings tls, boolean client, @Nullable InetSocketAddress peer) {
		SSLEngine engine = (peer != null)
				? tls.context().current().context().createSSLEngine(peer.getHostString(), peer.getPort())
				: tls.context().current().context().createSSLEngine();
		engine.setUseClientMode(client);
		SSLParameters parameters = engine.getSSLParameters();
		tls.configure(parameters, client);
		engine.setSSLParameters(parameters);
		return new SslHandler(engine);
	}

}
