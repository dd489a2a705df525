package dev.p2p.event;

import java.net.InetSocketAddress;

/**
 * The node's server socket is bound and accepting; carries the bound address, which is how to
 * learn the port when {@code p2p.server.port=0}.
 */
public class PeerServerStartedEvent extends PeerEvent {

	private static final long serialVersionUID = 1L;

	private final transient InetSocketAddress boundAddress;

	/**
	 * Create the event.
	 * @param source the node
	 * @param boundAddress the bound address
	 */
	public PeerServerStartedEvent(Object source, InetSocketAddress boundAddress) {
		super(source);
		this.boundAddress = boundAddress;
	}

	/**
	 * Bound address.
	 * @return the address the server listens on
	 */
	public InetSocketAddress getBoundAddress() {
		return this.boundAddress;
	}

	/**
	 * Bound port.
	 * @return the port the server listens on
	 */
	public int getPort() {
		return this.boundAddress.getPort();
	}

}
