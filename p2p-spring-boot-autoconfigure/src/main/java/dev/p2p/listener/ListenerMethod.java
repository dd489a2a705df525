package dev.p2p.listener;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;

import dev.p2p.packet.Packet;
import dev.p2p.packet.PacketCodec;
import dev.p2p.packet.PacketReply;
import dev.p2p.peer.PeerSession;
import dev.p2p.stream.StreamInput;

/**
 * One validated {@link PacketListener} method: how to build its arguments from a packet and
 * what type its plain return values are sent as. Everything is worked out at start-up; per
 * packet only the payload is decoded and the method invoked.
 */
final class ListenerMethod {

	enum Argument {

		PAYLOAD, SESSION, PACKET_TYPE, PACKET, STREAM

	}

	private final Object bean;

	private final Method method;

	private final String description;

	private final Argument[] arguments;

	private final @Nullable Type payloadType;

	private final @Nullable Enum<?> replyType;

	ListenerMethod(Object bean, Method method, String description, Argument[] arguments, @Nullable Type payloadType,
			@Nullable Enum<?> replyType) {
		this.bean = bean;
		this.method = method;
		this.description = description;
		this.arguments = arguments;
		this.payloadType = payloadType;
		this.replyType = replyType;
		ReflectionUtils.makeAccessible(method);
	}

	String description() {
		return this.description;
	}

	@Nullable Type payloadType() {
		return this.payloadType;
	}

	/**
	 * Invoke for one packet.
	 * @param packet the packet
	 * @param session the sender
	 * @param codec the packet type's codec
	 * @return the reply to send, or {@code null}
	 * @throws dev.p2p.packet.PacketCodecException if the payload does not decode
	 * @throws InvocationTargetException if the method throws
	 */
	@Nullable Object invoke(Packet packet, PeerSession session, PacketCodec codec)
			throws InvocationTargetException, IllegalAccessException {
		Object[] args = new Object[this.arguments.length];
		for (int i = 0; i < args.length; i++) {
			args[i] = switch (this.arguments[i]) {
				case PAYLOAD -> codec.decode(packet.payload(), this.payloadType);
				case SESSION -> session;
				case PACKET_TYPE -> packet.type();
				case PACKET -> packet;
				case STREAM -> throw new IllegalStateException(this.description + " takes a stream, not a packet");
			};
		}
		return this.method.invoke(this.bean, args);
	}

	/**
	 * Invoke for one stream (a stream listener: its arguments are the stream, the session and
	 * the packet type).
	 * @param stream the stream's data
	 * @param session the sender
	 * @throws InvocationTargetException if the method throws
	 */
	void invoke(StreamInput stream, PeerSession session) throws InvocationTargetException, IllegalAccessException {
		Object[] args = new Object[this.arguments.length];
		for (int i = 0; i < args.length; i++) {
			args[i] = switch (this.arguments[i]) {
				case STREAM -> stream;
				case SESSION -> session;
				case PACKET_TYPE -> stream.getPacketType();
				case PAYLOAD, PACKET -> throw new IllegalStateException(this.description + " takes a packet, not a stream");
			};
		}
		this.method.invoke(this.bean, args);
	}

	/**
	 * The reply a return value stands for.
	 * @param result what the method returned (or its future completed with)
	 * @return the reply, {@code null} for none
	 * @throws IllegalStateException for a plain value when the method declares no reply type
	 */
	@Nullable PacketReply replyOf(@Nullable Object result) {
		if (result == null) {
			return null;
		}
		if (result instanceof PacketReply reply) {
			return reply;
		}
		if (this.replyType == null) {
			throw new IllegalStateException(this.description + " returned a " + result.getClass().getName()
					+ " but declares no replyType");
		}
		return new PacketReply(this.replyType, result);
	}

}
