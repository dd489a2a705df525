package dev.p2p.transport.netty;

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
 * Makes {@link NettyTransport}s ({@code p2p.transport=netty}). The I/O executor and scheduler the
 * node offers are not used: the transport runs on its own event loops.
 *
 * @param settings socket settings
 * @param tls TLS for every connection, {@code null} for plain TCP
 */
public record NettyTransportFactory(TransportSettings settings, @Nullable TlsSettings tls) implements TransportFactory {

	@Override
	public Transport create(FrameDecoder decoder, ConnectionHandler handler, Executor ioExecutor,
			TaskScheduler scheduler) {
		return new NettyTransport(decoder, handler, this.settings, this.tls);
	}

}
