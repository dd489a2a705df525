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
 * @param portReuse whether dialled connections leave from the listen port (SO_REUSEPORT, for
 * NAT traversal), where the platform supports it
 */
public record TransportSettings(Duration connectTimeout, int backlog, boolean tcpNoDelay, int receiveBufferSize,
		int sendBufferSize, boolean portReuse) {

	/** Defaults: 5s connect timeout, backlog 1024, no delay, system buffer sizes, port reuse. */
	public static final TransportSettings DEFAULTS = new TransportSettings(Duration.ofSeconds(5), 1024, true, 0, 0);

	/**
	 * Settings with port reuse on.
	 * @param connectTimeout how long dialling may take
	 * @param backlog server accept backlog
	 * @param tcpNoDelay whether to disable Nagle's algorithm
	 * @param receiveBufferSize SO_RCVBUF in bytes, 0 for the system default
	 * @param sendBufferSize SO_SNDBUF in bytes, 0 for the system default
	 */
	public TransportSettings(Duration connectTimeout, int backlog, boolean tcpNoDelay, int receiveBufferSize,
			int sendBufferSize) {
		this(connectTimeout, backlog, tcpNoDelay, receiveBufferSize, sendBufferSize, true);
	}

	/**
	 * These settings with port reuse on or off.
	 * @param portReuse whether dialled connections leave from the listen port
	 * @return the new settings
	 */
	public TransportSettings withPortReuse(boolean portReuse) {
		return new TransportSettings(this.connectTimeout, this.backlog, this.tcpNoDelay, this.receiveBufferSize,
				this.sendBufferSize, portReuse);
	}

}
