package dev.p2p.listener;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;

import dev.p2p.event.PacketListenerFailedEvent;

/**
 * The default {@link PacketListenerErrorHandler}: logs the failure at ERROR with its stack
 * trace and publishes it as a {@link PacketListenerFailedEvent}.
 */
public class LoggingPacketListenerErrorHandler implements PacketListenerErrorHandler {

	private static final Log logger = LogFactory.getLog(LoggingPacketListenerErrorHandler.class);

	private final ApplicationEventPublisher publisher;

	/**
	 * Create the handler.
	 * @param publisher publishes the failure
	 */
	public LoggingPacketListenerErrorHandler(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void handleError(PacketListenerFailedEvent failure) {
		logger.error("Packet listener " + failure.getListener() + " failed on " + failure.getPacketType().name()
				+ " from '" + failure.getNodeId() + "'", failure.getException());
		this.publisher.publishEvent(failure);
	}

}
