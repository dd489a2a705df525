package dev.p2p.listener;

import dev.p2p.event.PacketListenerFailedEvent;

/**
 * Decides what happens when a {@link PacketListener} method throws (or its reply cannot be
 * sent): log it, count it, publish it, ignore it. Declare a bean to replace the default,
 * {@link LoggingPacketListenerErrorHandler}, which logs at ERROR with the stack trace and
 * publishes the failure as an application event.
 *
 * <p>Whatever the handler does, the connection stays up, a request gets its ERROR reply and
 * the failure is counted in {@code p2p.listener.duration{outcome=failure}}. The handler runs
 * on the thread that ran the listener; an exception it throws is logged and dropped.
 *
 * <pre class="code">
 * &#64;Bean
 * PacketListenerErrorHandler quietRejections(ApplicationEventPublisher events) {
 *     PacketListenerErrorHandler standard = new LoggingPacketListenerErrorHandler(events);
 *     return (failure) -&gt; {
 *         if (failure.getException() instanceof IllegalArgumentException) {
 *             events.publishEvent(failure);   // expected: no stack trace
 *         } else {
 *             standard.handleError(failure);
 *         }
 *     };
 * }
 * </pre>
 */
@FunctionalInterface
public interface PacketListenerErrorHandler {

	/**
	 * Handle a listener failure.
	 * @param failure the session, packet type, listener and exception, as the event that the
	 * default handler publishes
	 */
	void handleError(PacketListenerFailedEvent failure);

}
