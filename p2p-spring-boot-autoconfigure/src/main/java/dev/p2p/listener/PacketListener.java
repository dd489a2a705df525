package dev.p2p.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a bean method that handles received packets of the named types.
 *
 * <p>Parameters are resolved by type: {@code PeerSession} (the sender), the packet-type enum
 * (or {@code Enum<?>}), {@code Packet} (raw bytes), and at most one other parameter, the
 * payload, decoded by the packet type's codec. A non-null return value is sent back to the
 * sender: a {@code PacketReply} names its own type, anything else goes as {@link #replyType()}.
 *
 * <pre class="code">
 * &#64;PacketListener(value = "COMMAND1", replyType = "COMMAND2")
 * byte[] hello(byte[] payload, PeerSession from) {
 *     return "Hello back!".getBytes(StandardCharsets.UTF_8);
 * }
 * </pre>
 *
 * Names are checked at start-up: a name that is not a constant fails the application naming
 * the bean, the method and the name. Listeners run on the listener executor, not on I/O
 * threads, unless they are declared {@link #inline()}; either way, packets from one peer are
 * handled one at a time, in order.
 *
 * <p>A method with an {@code InputStream} (or {@code StreamInput}) parameter is a <em>stream
 * listener</em>: it receives the streams peers send with {@code PacketOperations.stream} and
 * reads them while chunks arrive. It runs on a thread of its own per stream (never inline, so
 * it cannot be {@link #inline()}), takes no payload or {@code Packet} parameter, returns
 * {@code void}, and a type has at most one. Returning (or throwing) before the end of the
 * stream cancels it, and the sender is told.
 *
 * <pre class="code">
 * &#64;PacketListener("FILE")
 * void receive(StreamInput data, PeerSession from) throws IOException {
 *     Files.copy(data, inbox.resolve(UUID.randomUUID() + ".bin"));   // data.getName() is the peer's choice
 * }
 * </pre>
 *
 * <p>The annotation is {@code @Reflective}: Spring's AOT engine registers the method and its
 * payload and reply types for reflection, so listeners work in a native image without hints of
 * your own.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(PacketListenerReflectiveProcessor.class)
public @interface PacketListener {

	/**
	 * Names of the packet-type enum constants this method handles.
	 * @return constant names
	 */
	String[] value();

	/**
	 * Packet type of the reply when the method returns a plain value.
	 * @return a constant name, empty for none
	 */
	String replyType() default "";

	/**
	 * Run on the thread that reads the sender's connection instead of the listener executor,
	 * when nothing from that peer is waiting for the executor. It saves the hand-off between
	 * threads (tens of microseconds on a loaded machine) and so cuts round-trip latency, but
	 * while the method runs nothing more is read from that peer, control frames included.
	 * Meant for short, non-blocking handlers such as a ping answered with a pong; a type is
	 * handled inline only if all its listeners are inline. A reply may then be written on the
	 * reader thread too: if the peer has stopped reading, that write waits, and two peers
	 * flooding each other with inline-answered packets can stall both readers until the write
	 * watchdog closes the connection after {@code p2p.send.timeout}.
	 * @return {@code true} to run on the reader thread
	 */
	boolean inline() default false;

}
