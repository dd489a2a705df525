package dev.p2p.listener;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

import dev.p2p.event.RejectionReason;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.observation.PacketObservations;
import dev.p2p.packet.Packet;
import dev.p2p.packet.PacketCodecs;
import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.peer.PeerSession;
import dev.p2p.session.InboundPacket;
import dev.p2p.session.PacketHandler;
import dev.p2p.session.PacketResponder;
import dev.p2p.stream.StreamInput;

/**
 * Delivers received packets to the {@link PacketListener} methods registered for their type:
 * the node's {@link PacketHandler}. The {@link ListenerRegistry} keeps the checked listeners,
 * the {@link ListenerInvoker} calls them and the {@link ListenerAnswer} collects their replies;
 * this class routes a packet between them, answers packets nobody handles, and, when
 * observation is on, handles each packet in an observation that continues the trace of the
 * TRACE frame sent before it.
 */
public class PacketDispatcher implements PacketHandler {

	private final PacketTypeRegistry packetTypes;

	private final ListenerRegistry listeners;

	private final ListenerInvoker invoker;

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
		this.listeners = new ListenerRegistry(packetTypes, codecs);
		this.invoker = new ListenerInvoker(codecs, metrics, observations, this);
		this.observations = observations;
	}

	/**
	 * Set what handles listener failures.
	 * @param errorHandler the handler, or {@code null} for the node's default (log at ERROR
	 * and publish a {@code PacketListenerFailedEvent})
	 */
	public void setErrorHandler(@Nullable PacketListenerErrorHandler errorHandler) {
		this.invoker.setErrorHandler(errorHandler);
	}

	/**
	 * Validate and register a listener method.
	 * @param beanName the bean's name
	 * @param bean the bean
	 * @param method the annotated method
	 * @param annotation its annotation
	 * @throws IllegalStateException naming the bean, the method and what is wrong
	 */
	public void register(String beanName, Object bean, Method method, PacketListener annotation) {
		this.listeners.register(beanName, bean, method, annotation);
	}

	@Override
	public boolean hasListener(Enum<?> type) {
		return this.listeners.hasListener(type);
	}

	/**
	 * Whether a listener takes packets of a type (stream listeners left out).
	 * @param type a packet type
	 * @return {@code true} if at least one packet listener does
	 */
	public boolean hasPacketListener(Enum<?> type) {
		return this.listeners.listenersOf(type).length > 0;
	}

	@Override
	public boolean handlesInline(int typeCode) {
		Enum<?> type = this.packetTypes.typeOf(typeCode);
		return type != null && this.listeners.isInline(type);
	}

	@Override
	public boolean acceptsStream(int typeCode) {
		Enum<?> type = this.packetTypes.typeOf(typeCode);
		return type != null && this.listeners.acceptsStream(type);
	}

	@Override
	public @Nullable Throwable handleStream(PeerSession session, StreamInput stream, PacketResponder responder) {
		ListenerMethod listener = this.listeners.streamListenerOf(stream.getPacketType());
		if (listener == null) {
			return new IllegalStateException("no listener takes streams of " + stream.getPacketType().name());
		}
		return this.invoker.readStream(session, stream, listener, responder);
	}

	@Override
	public void handle(PeerSession session, InboundPacket inbound, PacketResponder responder) {
		Enum<?> type = inbound.type();
		ListenerMethod[] listeners = this.listeners.listenersOf(type);
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
					() -> this.invoker.deliver(session, packet, listeners, answer));
		}
		else {
			this.invoker.deliver(session, packet, listeners, answer);
		}
	}

}
