package dev.p2p.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Declares a method of a remote command interface: calling it on a client from
 * {@link PacketExchangeProxyFactory} sends its argument as a packet of the named type to the
 * peer the client is bound to.
 *
 * <pre class="code">
 * interface RobotClient {
 *     &#64;PacketExchange("MOVE") Ack move(Move move);                        // request, waits for the reply
 *     &#64;PacketExchange("MOVE") CompletableFuture&lt;Ack&gt; moveAsync(Move move);  // request, reply later
 *     &#64;PacketExchange("STOP") void stop(String reason);                   // fire and forget
 * }
 * </pre>
 *
 * A method takes the payload as its only parameter (or none, for a {@code null} payload). It
 * returns the reply's type (the call blocks up to {@code p2p.request.timeout}), a
 * {@code CompletableFuture} of it, or {@code void} to send without waiting for anything.
 *
 * <p>The annotation is {@code @Reflective}: Spring's AOT engine registers the method and its
 * payload and reply types for a native image, and the interface's JDK proxy when a bean has
 * the interface as its type.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(PacketExchangeReflectiveProcessor.class)
public @interface PacketExchange {

	/**
	 * Name of the packet-type enum constant to send.
	 * @return a constant name
	 */
	String value();

}
