package dev.p2p.transport;

import java.util.concurrent.Executor;

import org.springframework.scheduling.TaskScheduler;

import dev.p2p.wire.FrameDecoder;

/**
 * Makes the node's {@link Transport} when the node starts; the auto-configuration provides the
 * TCP one ({@code dev.p2p.transport.tcp.TcpTransportFactory}), an application may declare its
 * own bean.
 */
@FunctionalInterface
public interface TransportFactory {

	/**
	 * Create a transport; it opens nothing until started or asked to dial.
	 * @param decoder frame decoder with the node's limits and accepted types
	 * @param handler receives every connection's callbacks
	 * @param ioExecutor runs accept loops and one reader per connection; does not queue tasks
	 * @param scheduler timer for the transport's housekeeping
	 * @return the transport
	 */
	Transport create(FrameDecoder decoder, ConnectionHandler handler, Executor ioExecutor, TaskScheduler scheduler);

}
