package dev.p2p.event;

import org.springframework.context.ApplicationEvent;

/**
 * Parent of every event a peer node publishes. The source is the node; events only observe
 * (decisions such as accepting a peer go through {@code HandshakeInterceptor} beans).
 */
public abstract class PeerEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an event.
	 * @param source the node that publishes it
	 */
	protected PeerEvent(Object source) {
		super(source);
	}

}
