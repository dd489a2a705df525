package dev.p2p.listener;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.p2p.event.RejectionReason;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.observation.PacketObservations;
import dev.p2p.packet.Packet;
import dev.p2p.packet.PacketCodec;
import dev.p2p.packet.PacketCodecException;
import dev.p2p.packet.PacketCodecs;
import dev.p2p.packet.PacketReply;
import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.peer.PacketHandler;
import dev.p2p.peer.PeerNode;
import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.peer.PeerSession;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;

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

	/** Whether all listeners of a type (at least one) are inline, by ordinal. */
	private final boolean[] inlineByOrdinal;

	private final PeerMetrics metrics;

	private final boolean timed;

	private final PacketObservations observations;

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
		this.metrics = metrics;
		this.timed = metrics != PeerMetrics.NONE;
		this.observations = observations;
		this.byOrdinal = new ListenerMethod[packetTypes.types().size()][];
		this.inlineByOrdinal = new boolean[packetTypes.types().size()];
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
	public synchronized void register(String beanName, Object bean, Method method, PacketListener annotation) {
		String description = beanName + "." + method.getName();
		if (annotation.value().length == 0) {
			throw invalid(description, "names no packet type");
		}
		List<Enum<?>> types = new ArrayList<>();
		for (String name : annotation.value()) {
			types.add(typeNamed(description, name));
		}
		Enum<?> replyType = annotation.replyType().isEmpty() ? null : typeNamed(description, annotation.replyType());
		Class<?> returnType = method.getReturnType();
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
		return this.byOrdinal[type.ordinal()].length > 0;
	}

	@Override
	public boolean handlesInline(int typeCode) {
		if (typeCode == ControlCode.TRACE) {
			return true;
		}
		Enum<?> type = this.packetTypes.typeOf(typeCode);
		return type != null && this.inlineByOrdinal[type.ordinal()];
	}

	@Override
	public void handle(PeerNode node, PeerSession session, List<Frame> frames) {
		Frame trace = null;
		for (int i = 0, n = frames.size(); i < n; i++) {
			Frame frame = frames.get(i);
			if (frame.type() == ControlCode.TRACE) {
				trace = frame;
				continue;
			}
			Enum<?> type = this.packetTypes.typeOf(frame.type());
			ListenerMethod[] listeners = (type != null) ? this.byOrdinal[type.ordinal()] : NONE;
			if (listeners.length == 0) {
				node.reportRejected(session, frame.type(), RejectionReason.NO_LISTENER,
						"no @PacketListener handles " + ((type != null) ? type.name() : "type " + frame.type()));
			}
			else if (this.observations.isEnabled()) {
				Packet packet = new Packet(type, frame.type(), frame.payload());
				this.observations.observeReceive(type, session.getNodeId(), traceFields(node, session, trace),
						() -> deliver(node, session, packet, listeners));
			}
			else {
				deliver(node, session, new Packet(type, frame.type(), frame.payload()), listeners);
			}
			trace = null;
		}
	}

	private Map<String, String> traceFields(PeerNode node, PeerSession session, Frame trace) {
		if (trace == null) {
			return Map.of();
		}
		try {
			return this.observations.fieldsOf(trace);
		}
		catch (IllegalArgumentException ex) {
			node.reportRejected(session, trace.type(), RejectionReason.DECODE_ERROR,
					ex.getMessage() + "; the packet after it is handled in a new trace");
			return Map.of();
		}
	}

	private void deliver(PeerNode node, PeerSession session, Packet packet, ListenerMethod[] listeners) {
		PacketCodec codec = this.codecs.codecOf(packet.type());
		for (ListenerMethod listener : listeners) {
			long start = this.timed ? System.nanoTime() : 0;
			Outcome outcome = invoke(node, session, packet, codec, listener);
			if (this.timed && outcome != Outcome.NOT_CALLED) {
				this.metrics.listenerInvoked(packet.type(), outcome == Outcome.FAILED, System.nanoTime() - start);
			}
		}
	}

	private Outcome invoke(PeerNode node, PeerSession session, Packet packet, PacketCodec codec,
			ListenerMethod listener) {
		PacketReply reply;
		try {
			reply = listener.invoke(packet, session, codec);
		}
		catch (PacketCodecException ex) {
			node.reportRejected(session, packet.code(), RejectionReason.DECODE_ERROR,
					"payload of " + packet.type().name() + " for " + listener.description() + ": " + ex.getMessage());
			return Outcome.NOT_CALLED;
		}
		catch (InvocationTargetException ex) {
			node.reportListenerFailure(session, packet.type(), listener.description(), ex.getTargetException());
			return Outcome.FAILED;
		}
		catch (IllegalAccessException | RuntimeException ex) {
			node.reportListenerFailure(session, packet.type(), listener.description(), ex);
			return Outcome.FAILED;
		}
		return (reply != null && !sendReply(node, session, packet, listener, reply)) ? Outcome.FAILED
				: Outcome.SUCCEEDED;
	}

	private boolean sendReply(PeerNode node, PeerSession session, Packet packet, ListenerMethod listener,
			PacketReply reply) {
		try {
			byte[] payload = this.codecs.codecOf(reply.type()).encode(reply.payload());
			Frame frame = new Frame(this.packetTypes.codeOf(reply.type()), payload);
			this.observations.observeSend(reply.type(), session.getNodeId(), (trace) -> {
				node.send(session, trace, frame, null);
				return null;
			});
			return true;
		}
		catch (PeerNotConnectedException ex) {
			logger.debug("Reply of " + listener.description() + " not sent: " + ex.getMessage());
			return true;
		}
		catch (RuntimeException ex) {
			node.reportListenerFailure(session, packet.type(), listener.description() + " (reply)", ex);
			return false;
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
