package dev.p2p.transport.tcp;

import java.net.ServerSocket;
import java.net.Socket;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.springframework.integration.ip.tcp.connection.TcpSocketSupport;

import dev.p2p.transport.TlsSettings;

/**
 * Applies {@link TlsSettings} to the sockets Spring Integration creates: protocol versions,
 * cipher suites, client authentication on the server side, and host name verification on the
 * dialling side. The TLS handshake itself starts on the connection's first read or write, on
 * its own reader or writer thread, never on the accept thread.
 */
final class TlsSocketSupport implements TcpSocketSupport {

	private final TlsSettings tls;

	TlsSocketSupport(TlsSettings tls) {
		this.tls = tls;
	}

	@Override
	public void postProcessServerSocket(ServerSocket serverSocket) {
		if (serverSocket instanceof SSLServerSocket ssl) {
			SSLParameters parameters = ssl.getSSLParameters();
			apply(parameters);
			clientAuth(parameters);
			ssl.setSSLParameters(parameters);
		}
	}

	@Override
	public void postProcessSocket(Socket socket) {
		if (socket instanceof SSLSocket ssl) {
			SSLParameters parameters = ssl.getSSLParameters();
			apply(parameters);
			if (ssl.getUseClientMode()) {
				if (this.tls.verifyHostname()) {
					parameters.setEndpointIdentificationAlgorithm("HTTPS");
				}
			}
			else {
				clientAuth(parameters);
			}
			ssl.setSSLParameters(parameters);
		}
	}

	private void apply(SSLParameters parameters) {
		parameters.setProtocols(this.tls.protocols().toArray(String[]::new));
		if (this.tls.ciphers() != null) {
			parameters.setCipherSuites(this.tls.ciphers().toArray(String[]::new));
		}
	}

	private void clientAuth(SSLParameters parameters) {
		switch (this.tls.clientAuth()) {
			case NEED -> parameters.setNeedClientAuth(true);
			case WANT -> parameters.setWantClientAuth(true);
			case NONE -> {
				parameters.setNeedClientAuth(false);
				parameters.setWantClientAuth(false);
			}
		}
	}

}
