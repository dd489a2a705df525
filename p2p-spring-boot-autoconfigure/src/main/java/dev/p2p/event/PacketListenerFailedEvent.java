package dev.p2p.event;

import dev.p2p.peer.PeerSession;

/**
 * A {@code @PacketListener} method threw. The connection stays up.
 */
public class PacketListenerFailedEvent extends PeerSessionEvent {

	private static final long serialVersionUID = 1L;

	private final transient Enum<?> packetType;

	private final String listener;

	private final Throwable exception;

	/**
	 * Create the event.
	 * @param source the node
	 * @param session the sender's session
	 * @param packetType the packet's type
	 * @param listener the listener method, as {@code bean.method}
	 * @param exception what it threw
	 */
	public PacketListenerFailedEvent(Object source, PeerSession session, Enum<?> packetType, String listener,
			Throwable exception) {
		super(source, session);
		this.packetType = packetType;
		this.listener = listener;
		this.exception = exception;
	}

	/**
	 * Type of the packet being handled.
	 * @return the packet type
	 */
	public Enum<?> getPacketType() {
		return this.packetType;
	}

	/**
	 * The listener method that threw.
	 * @return {@code beanName.methodName}
	 */
	public String getListener() {
		return this.listener;
	}

	/**
	 * What the listener threw.
	 * @return the exception
	 */
	public Throwable getException() {
		return this.exception;
	}

}
