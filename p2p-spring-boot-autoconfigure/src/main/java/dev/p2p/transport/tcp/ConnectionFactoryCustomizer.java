package dev.p2p.transport.tcp;

import org.springframework.integration.ip.tcp.connection.AbstractConnectionFactory;

/**
 * Callback to customize the Spring Integration connection factories the node creates: the
 * server factory and each client factory used to dial a peer (socket options, a
 * {@code TcpSocketSupport}, a socket factory). Declare beans of this type; they are applied in
 * order.
 */
@FunctionalInterface
public interface ConnectionFactoryCustomizer {

	/**
	 * Customize a factory before it starts.
	 * @param factory a {@code TcpNetServerConnectionFactory} or {@code TcpNetClientConnectionFactory}
	 */
	void customize(AbstractConnectionFactory factory);

}
