package dev.p2p.transport;

import java.time.Duration;

/**
 * Socket-level settings of the transport.
 *
 * @param connectTimeout how long dialling may take
 * @param backlog server accept backlog
 * @param tcpNoDelay whether to disable Nagle's algorithm (frames are batched by the node)
 * @param receiveBufferSize SO_RCVBUF in bytes, 0 for the system default
 * @param sendBufferSize SO_SNDBUF in bytes, 0 for the system default
 */
public record TransportSettings(Duration connectTimeout, int backlog, boolean tcpNoDelay, int receiveBufferSize,
		int sendBufferSize) {

	/** Defaults: 5s connect timeout, backlog 1024, no delay, system buffer sizes. */
	public static final TransportSettings DEFAULTS = new TransportSettings(Duration.ofSeconds(5), 1024, true, 0, 0);

}
