package dev.p2p.transport.tcp;

import java.util.List;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;

import dev.p2p.transport.ConnectionHandler;
import dev.p2p.transport.TlsSettings;
import dev.p2p.transport.Transport;
import dev.p2p.transport.TransportFactory;
import dev.p2p.transport.TransportSettings;
import dev.p2p.wire.FrameDecoder;

/**
 * Makes {@link TcpTransport}s with fixed socket settings, optional TLS and the application's
 * {@link ConnectionFactoryCustomizer}s.
 *
 * @param settings socket settings
 * @param tls TLS for every connection, {@code null} for plain TCP
 * @param customizers applied to every Spring Integration connection factory, in order
 */
public record TcpTransportFactory(TransportSettings settings, @Nullable TlsSettings tls,
		List<ConnectionFactoryCustomizer> customizers) implements TransportFactory {

	/**
	 * Create the factory.
	 * @param settings socket settings
	 * @param tls TLS for every connection, {@code null} for plain TCP
	 * @param customizers applied to every Spring Integration connection factory, in order
	 */
	public TcpTransportFactory {
		customizers = List.copyOf(customizers);
	}

	@Override
	public Transport create(FrameDecoder decoder, ConnectionHandler handler, Executor ioExecutor,
			TaskScheduler scheduler) {
		return new TcpTransport(decoder, handler, ioExecutor, this.settings, this.tls, this.customizers, scheduler);
	}

}
