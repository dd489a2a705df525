package dev.p2p.listener;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.ResolvableType;

import dev.p2p.event.PacketListenerFailedEvent;
import dev.p2p.event.RejectionReason;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.observation.PacketObservations;
import dev.p2p.packet.Packet;
import dev.p2p.packet.PacketCodec;
import dev.p2p.packet.PacketCodecException;
import dev.p2p.packet.PacketCodecs;
import dev.p2p.packet.PacketReply;
import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.peer.PeerSession;
import dev.p2p.session.InboundPacket;
import dev.p2p.session.PacketHandler;
import dev.p2p.session.PacketResponder;
import dev.p2p.stream.StreamInput;

/**
 * Delivers received packets to the {@link PacketListener} methods registered for their type,
 * sends their replies, and reports packets nobody handles, payloads that do not decode and
 * listeners that throw. Listener failures never close the connection. Times listeners for the
 * metrics and, when observation is on, handles each packet in an observation that continues
 * the trace of the TRACE frame sent before it.
 */
public class PacketDispatcher implements PacketHandler {

	private static final Log logger = LogFactory.getLog(PacketDispatcher.class);

	private static final ListenerMethod[] NONE = new ListenerMethod[0];

	private final PacketTypeRegistry packetTypes;

	private final PacketCodecs codecs;

	private final ListenerMethod[][] byOrdinal;

	/** The stream listener of each type, by ordinal; {@code null} where there is none. */
	private final ListenerMethod[] streamByOrdinal;

	/** Whether all listeners of a type (at least one) are inline, by ordinal. */
	private final boolean[] inlineByOrdinal;

	private final PeerMetrics metrics;

	private final boolean timed;

	private final PacketObservations observations;

	/** {@code null}: the node logs and publishes failures itself. */
	private volatile @Nullable PacketListenerErrorHandler errorHandler;

	/**
	 * Create a dispatcher with no listeners, no metrics and no observations.
	 * @param packetTypes the packet types
	 * @param codecs codec per packet type
	 */
	public PacketDispatcher(PacketTypeRegistry packetTypes, PacketCodecs codecs) {
		this(packetTypes, codecs, PeerMetrics.NONE, PacketObservations.DISABLED);
	}

	/**
	 * Create a dispatcher with no listeners.
	 * @param packetTypes the packet types
	 * @param codecs codec per packet type
	 * @param metrics times listener invocations
	 * @param observations observes packet handling
	 */
	public PacketDispatcher(PacketTypeRegistry packetTypes, PacketCodecs codecs, PeerMetrics metrics,
			PacketObservations observations) {
		this.packetTypes = packetTypes;
		this.codecs = codecs;
		this.metrics = PeerMetrics.guard(metrics);
		// with observation on, handling is timed by the p2p.packet.receive observation (a timer
		// once a meter handler is registered): timing listeners too would count them twice
		this.timed = metrics != PeerMetrics.NONE && !observations.isEnabled();
		this.observations = observations;

		this.byOrdinal = new ListenerMethod[packetTypes.types().size()][];
		this.inlineByOrdinal = new boolean[packetTypes.types().size()];
		this.streamByOrdinal = new ListenerMethod[packetTypes.types().size()];
		Arrays.fill(this.byOrdinal, NONE);
	}

	/**
	 * Set what handles listener failures.
	 * @param errorHandler the handler, or {@code null} for the node's default (log at ERROR
	 * and publish a {@code PacketListenerFailedEvent})
	 */
	public void setErrorHandler(@Nullable PacketListenerErrorHandler errorHandler) {
		this.errorHandler = errorHandler;
	}

	/**
	 * Validate and register a listener method.
	 * @param beanName the bean's name
	 * @param bean the bean
	 * @param method the annotated method
	 * @param annotation its annotation
	 * @throws IllegalStateException naming the bean, the method and what is wrong
	 */
	public synchronized void register(String beanName, Object bean, Method method, PacketListener annotation) {
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
	 * Whether any listener handles a type.
	 * @param type a packet type
	 * @return {@code true} if at least one does
	 */
	public boolean hasListener(Enum<?> type) {
		return this.byOrdinal[type.ordinal()].length > 0 || this.streamByOrdinal[type.ordinal()] != null;
	}

	@Override
	public boolean handlesInline(int typeCode) {
		Enum<?> type = this.packetTypes.typeOf(typeCode);
		return type != null && this.inlineByOrdinal[type.ordinal()];
	}

	@Override
	public boolean acceptsStream(int typeCode) {
		Enum<?> type = this.packetTypes.typeOf(typeCode);
		return type != null && this.streamByOrdinal[type.ordinal()] != null;
	}

	@Override
	public @Nullable Throwable handleStream(PeerSession session, StreamInput stream, PacketResponder responder) {
		ListenerMethod listener = this.streamByOrdinal[stream.getPacketType().ordinal()];
		if (listener == null) {
			return new IllegalStateException("no listener takes streams of " + stream.getPacketType().name());
		}
		long start = this.timed ? System.nanoTime() : 0;
		Throwable failure = null;
		try {
			listener.invoke(stream, session);
		}
		catch (InvocationTargetException ex) {
			failure = ex.getTargetException();
		}
		catch (IllegalAccessException | RuntimeException ex) {
			failure = ex;
		}
		if (this.timed) {
			this.metrics.listenerInvoked(stream.getPacketType(), failure != null, System.nanoTime() - start);
		}
		if (failure != null) {
			reportFailure(responder, session, stream.getPacketType(), listener.description(), failure);
		}
		return failure;
	}

	@Override
	public void handle(PeerSession session, InboundPacket inbound, PacketResponder responder) {
		Enum<?> type = inbound.type();
		ListenerMethod[] listeners = this.byOrdinal[type.ordinal()];
		if (listeners.length == 0) {
			String problem = "no @PacketListener handles " + type.name();
			responder.reject(RejectionReason.NO_LISTENER, problem);
			responder.replyError("NoListener", problem);
			return;
		}
		Packet packet = new Packet(type, inbound.code(), inbound.payload());
		ListenerAnswer answer = new ListenerAnswer(responder);
		if (this.observations.isEnabled()) {
			this.observations.observeReceive(type, session.getNodeId(), inbound.traceFields(),
					() -> deliver(session, packet, listeners, answer));
		}
		else {
			deliver(session, packet, listeners, answer);
		}
	}

	private void deliver(PeerSession session, Packet packet, ListenerMethod[] listeners,
			ListenerAnswer answer) {
		PacketCodec codec = this.codecs.codecOf(packet.type());
		for (ListenerMethod listener : listeners) {
			long start = this.timed ? System.nanoTime() : 0;
			Outcome outcome = invoke(session, packet, codec, listener, answer);
			if (this.timed && outcome != Outcome.NOT_CALLED) {
				this.metrics.listenerInvoked(packet.type(), outcome == Outcome.FAILED, System.nanoTime() - start);
			}
		}
		answer.done();
	}

	private Outcome invoke(PeerSession session, Packet packet, PacketCodec codec,
			ListenerMethod listener, ListenerAnswer answer) {
		Object result;
		try {
			result = listener.invoke(packet, session, codec);
		}
		catch (PacketCodecException ex) {
			String problem = "payload of " + packet.type().name() + " for " + listener.description() + ": "
					+ ex.getMessage();
			answer.responder().reject(RejectionReason.DECODE_ERROR, problem);
			answer.failed(PacketCodecException.class.getName(), problem);
			return Outcome.NOT_CALLED;
		}
		catch (InvocationTargetException ex) {
			return failed(session, packet, listener.description(), ex.getTargetException(), answer);
		}
		catch (IllegalAccessException | RuntimeException ex) {
			return failed(session, packet, listener.description(), ex, answer);
		}
		if (result instanceof CompletionStage<?> later) {
			// answered when the future completes, on whichever thread completes it
			answer.defer();
			Executor inTrace = this.observations.continuingCurrent();
			later.whenComplete((value, failure) -> inTrace.execute(() -> {
				if (failure != null) {
					Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
							? failure.getCause() : failure;
					failed(session, packet, listener.description(), cause, answer);
				}
				else {
					answerWith(session, packet, listener, value, answer);
				}
				answer.resolved();
			}));
			return Outcome.SUCCEEDED;
		}
		return answerWith(session, packet, listener, result, answer);
	}

	private Outcome answerWith(PeerSession session, Packet packet, ListenerMethod listener,
			Object result, ListenerAnswer answer) {
		try {
			PacketReply reply = listener.replyOf(result);
			if (reply != null) {
				byte[] payload = this.codecs.codecOf(reply.type()).encode(reply.payload());
				answer.reply(reply.type(), payload);
			}
			return Outcome.SUCCEEDED;
		}
		catch (RuntimeException ex) {
			return failed(session, packet, listener.description() + " (reply)", ex, answer);
		}
	}

	private Outcome failed(PeerSession session, Packet packet, String listener, Throwable exception,
			ListenerAnswer answer) {
		reportFailure(answer.responder(), session, packet.type(), listener, exception);
		answer.failed(exception.getClass().getName(), String.valueOf(exception.getMessage()));
		return Outcome.FAILED;
	}

	private void reportFailure(PacketResponder responder, PeerSession session, Enum<?> type, String listener,
			Throwable exception) {
		PacketListenerErrorHandler handler = this.errorHandler;
		if (handler == null) {
			responder.listenerFailed(type, listener, exception);
			return;
		}
		try {
			handler.handleError(new PacketListenerFailedEvent(this, session, type, listener, exception));
		}
		catch (RuntimeException ex) {
			logger.error("Packet listener error handler failed on the failure of " + listener, ex);
		}
	}

	/** What became of one listener invocation. */
	private enum Outcome {

		/** Returned, and its reply (if any) was queued. */
		SUCCEEDED,

		/** Threw, or its reply could not be encoded or queued. */
		FAILED,

		/** Never called: the payload did not decode into its parameter. */
		NOT_CALLED

	}

}
