package dev.p2p.listener;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.ResolvableType;

import dev.p2p.packet.Packet;
import dev.p2p.packet.PacketCodec;
import dev.p2p.packet.PacketCodecs;
import dev.p2p.packet.PacketReply;
import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.peer.PeerSession;
import dev.p2p.stream.StreamInput;

/**
 * The {@link PacketListener} methods by packet type: checks each method as it is registered
 * (its type names, parameters, return value and the codec of its types) and keeps it under its
 * types, packet listeners and stream listeners apart. Registration happens at start-up; lookups
 * afterwards read arrays indexed by the type's ordinal.
 */
final class ListenerRegistry {

	private static final Log logger = LogFactory.getLog(ListenerRegistry.class);

	private static final ListenerMethod[] NONE = new ListenerMethod[0];

	private final PacketTypeRegistry packetTypes;

	private final PacketCodecs codecs;

	private final ListenerMethod[][] byOrdinal;

	/** The stream listener of each type, by ordinal; {@code null} where there is none. */
	private final @Nullable ListenerMethod[] streamByOrdinal;

	/** Whether all listeners of a type (at least one) are inline, by ordinal. */
	private final boolean[] inlineByOrdinal;

	/**
	 * Create a registry with no listeners.
	 * @param packetTypes the packet types
	 * @param codecs codec per packet type, to check that payload parameters decode
	 */
	ListenerRegistry(PacketTypeRegistry packetTypes, PacketCodecs codecs) {
		this.packetTypes = packetTypes;
		this.codecs = codecs;
		int types = packetTypes.types().size();
		this.byOrdinal = new ListenerMethod[types][];
		this.inlineByOrdinal = new boolean[types];
		this.streamByOrdinal = new ListenerMethod[types];
		Arrays.fill(this.byOrdinal, NONE);
	}

	/**
	 * Validate and register a listener method.
	 * @param beanName the bean's name
	 * @param bean the bean
	 * @param method the annotated method
	 * @param annotation its annotation
	 * @throws IllegalStateException naming the bean, the method and what is wrong
	 */
	synchronized void register(String beanName, Object bean, Method method, PacketListener annotation) {
		String description = beanName + "." + method.getName();
		if (annotation.value().length == 0) {
			throw invalid(description, "names no packet type");
		}
		List<Enum<?>> types = new ArrayList<>();
		for (String name : annotation.value()) {
			types.add(typeNamed(description, name));
		}
		if (Arrays.stream(method.getParameterTypes()).anyMatch(InputStream.class::isAssignableFrom)) {
			registerStreamListener(description, bean, method, annotation, types);
			return;
		}
		Enum<?> replyType = annotation.replyType().isEmpty() ? null : typeNamed(description, annotation.replyType());
		Class<?> returnType = ResolvableType.forMethodReturnType(method).toClass();
		if (CompletionStage.class.isAssignableFrom(returnType)) {
			returnType = ResolvableType.forMethodReturnType(method).as(CompletionStage.class).getGeneric(0).toClass();
		}
		boolean returnsPlainValue = returnType != void.class && returnType != Void.class
				&& !PacketReply.class.isAssignableFrom(returnType) && returnType != Object.class;
		if (returnsPlainValue && replyType == null) {
			throw invalid(description, "returns " + returnType.getSimpleName()
					+ " but names no replyType (return a PacketReply or set replyType)");
		}
		Parameter[] parameters = method.getParameters();
		ListenerMethod.Argument[] arguments = new ListenerMethod.Argument[parameters.length];
		Type payloadType = null;
		for (int i = 0; i < parameters.length; i++) {
			arguments[i] = argumentOf(parameters[i].getType());
			if (arguments[i] == ListenerMethod.Argument.PAYLOAD) {
				if (payloadType != null) {
					throw invalid(description, "has more than one payload parameter (" + payloadType.getTypeName()
							+ " and " + parameters[i].getParameterizedType().getTypeName() + ")");
				}
				payloadType = parameters[i].getParameterizedType();
			}
		}
		for (Enum<?> type : types) {
			PacketCodec codec = this.codecs.codecOf(type);
			if (payloadType != null && !codec.canDecode(payloadType)) {
				throw invalid(description, "takes a " + payloadType.getTypeName() + " payload, but " + type.name()
						+ " uses codec '" + codec.name() + "', which cannot decode into it");
			}
		}
		ListenerMethod listener = new ListenerMethod(bean, method, description, arguments, payloadType, replyType);
		for (Enum<?> type : types) {
			ListenerMethod[] current = this.byOrdinal[type.ordinal()];
			ListenerMethod[] grown = Arrays.copyOf(current, current.length + 1);
			grown[current.length] = listener;
			this.byOrdinal[type.ordinal()] = grown;
			this.inlineByOrdinal[type.ordinal()] = annotation.inline()
					&& (current.length == 0 || this.inlineByOrdinal[type.ordinal()]);
		}
		logger.debug("Registered packet listener " + description + " for " + types);
	}

	/**
	 * Register a method that takes an {@code InputStream}: it reads the streams of its types.
	 */
	private void registerStreamListener(String description, Object bean, Method method, PacketListener annotation,
			List<Enum<?>> types) {
		if (annotation.inline()) {
			throw invalid(description, "takes a stream and cannot be inline: it reads while chunks arrive");
		}
		if (method.getReturnType() != void.class || !annotation.replyType().isEmpty()) {
			throw invalid(description, "takes a stream and must return void: streams have no reply");
		}
		Parameter[] parameters = method.getParameters();
		ListenerMethod.Argument[] arguments = new ListenerMethod.Argument[parameters.length];
		boolean stream = false;
		for (int i = 0; i < parameters.length; i++) {
			Class<?> type = parameters[i].getType();
			if (type == InputStream.class || type == StreamInput.class) {
				if (stream) {
					throw invalid(description, "takes more than one stream parameter");
				}
				stream = true;
				arguments[i] = ListenerMethod.Argument.STREAM;
			}
			else {
				arguments[i] = argumentOf(type);
				if (arguments[i] == ListenerMethod.Argument.PAYLOAD || arguments[i] == ListenerMethod.Argument.PACKET) {
					throw invalid(description, "takes a stream, so it cannot also take a " + type.getSimpleName()
							+ " (take InputStream or StreamInput, PeerSession and the packet type)");
				}
			}
		}
		if (!stream) {
			throw invalid(description, "takes a stream parameter that is neither InputStream nor StreamInput");
		}
		ListenerMethod listener = new ListenerMethod(bean, method, description, arguments, null, null);
		for (Enum<?> type : types) {
			ListenerMethod existing = this.streamByOrdinal[type.ordinal()];
			if (existing != null) {
				throw invalid(description, "takes streams of " + type.name() + ", and so does " + existing.description()
						+ ": a stream can be read only once");
			}
			this.streamByOrdinal[type.ordinal()] = listener;
		}
		logger.debug("Registered stream listener " + description + " for " + types);
	}

	private ListenerMethod.Argument argumentOf(Class<?> type) {
		if (type == PeerSession.class) {
			return ListenerMethod.Argument.SESSION;
		}
		if (type == Packet.class) {
			return ListenerMethod.Argument.PACKET;
		}
		if (type == this.packetTypes.getEnumType() || type == Enum.class) {
			return ListenerMethod.Argument.PACKET_TYPE;
		}
		return ListenerMethod.Argument.PAYLOAD;
	}

	private Enum<?> typeNamed(String description, String name) {
		try {
			return this.packetTypes.typeNamed(name);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(description, "names packet type '" + name + "', which does not exist: " + ex.getMessage());
		}
	}

	private static IllegalStateException invalid(String description, String problem) {
		return new IllegalStateException("@PacketListener method " + description + " " + problem);
	}

	/**
	 * The packet listeners of a type, in the order they were registered.
	 * @param type a packet type
	 * @return the listeners, empty when none (do not modify)
	 */
	ListenerMethod[] listenersOf(Enum<?> type) {
		return this.byOrdinal[type.ordinal()];
	}

	/**
	 * The stream listener of a type.
	 * @param type a packet type
	 * @return the listener that reads its streams, {@code null} when none does
	 */
	@Nullable ListenerMethod streamListenerOf(Enum<?> type) {
		return this.streamByOrdinal[type.ordinal()];
	}

	/**
	 * Whether a type's packets may be handled on the reader thread.
	 * @param type a packet type
	 * @return {@code true} if it has listeners and all of them are inline
	 */
	boolean isInline(Enum<?> type) {
		return this.inlineByOrdinal[type.ordinal()];
	}

	/**
	 * Whether a listener takes streams of a type.
	 * @param type a packet type
	 * @return {@code true} if one does
	 */
	boolean acceptsStream(Enum<?> type) {
		return this.streamByOrdinal[type.ordinal()] != null;
	}

	/**
	 * Whether any listener, of packets or of streams, handles a type.
	 * @param type a packet type
	 * @return {@code true} if at least one does
	 */
	boolean hasListener(Enum<?> type) {
		return this.byOrdinal[type.ordinal()].length > 0 || acceptsStream(type);
	}

}
