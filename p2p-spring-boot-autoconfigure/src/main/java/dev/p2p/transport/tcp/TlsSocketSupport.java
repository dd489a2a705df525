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
			this.tls.configure(parameters, false);
			ssl.setSSLParameters(parameters);
		}
	}

	@Override
	public void postProcessSocket(Socket socket) {
		if (socket instanceof SSLSocket ssl) {
			SSLParameters parameters = ssl.getSSLParameters();
			this.tls.configure(parameters, ssl.getUseClientMode());
			ssl.setSSLParameters(parameters);
		}
	}

}
