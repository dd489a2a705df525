package dev.p2p.observation;

import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import dev.p2p.wire.Frame;

/**
 * Wraps sending and handling packets in {@link PacketObservation observations} when
 * {@code p2p.observation.enabled=true} and the registry observes anything; otherwise every
 * method runs its work directly and no TRACE frame is sent, so a node without observation pays
 * one branch per packet.
 */
public final class PacketObservations {

	/** Observes nothing. */
	public static final PacketObservations DISABLED = new PacketObservations(ObservationRegistry.NOOP, null, null);

	private final ObservationRegistry registry;

	private final @Nullable PacketSendObservationConvention sendConvention;

	private final @Nullable PacketReceiveObservationConvention receiveConvention;

	private final TraceContextCodec codec = new TraceContextCodec();

	private final boolean enabled;

	/**
	 * Observe packets in a registry.
	 * @param registry the registry ({@link ObservationRegistry#NOOP} observes nothing)
	 * @param sendConvention replaces the default send convention, may be {@code null}
	 * @param receiveConvention replaces the default receive convention, may be {@code null}
	 */
	public PacketObservations(ObservationRegistry registry, @Nullable PacketSendObservationConvention sendConvention,
			@Nullable PacketReceiveObservationConvention receiveConvention) {
		this.registry = registry;
		this.sendConvention = sendConvention;
		this.receiveConvention = receiveConvention;
		this.enabled = !registry.isNoop();
	}

	/**
	 * Whether packets are observed.
	 * @return {@code false} for a no-op registry
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Run a send in a {@link PacketObservation#SEND} observation.
	 * @param <T> what the send returns
	 * @param type the packet type
	 * @param peer the receiving peer's node id, {@code *} for a broadcast
	 * @param send the send; it gets the TRACE frame to queue right before the packet
	 * ({@code null} when nothing is propagated)
	 * @return what the send returned
	 */
	public <T> T observeSend(Enum<?> type, String peer, Function<@Nullable Frame, T> send) {
		if (!this.enabled) {
			return send.apply(null);
		}
		PacketSendContext context = new PacketSendContext(type, peer);
		Observation observation = PacketObservation.SEND.observation(this.sendConvention,
				DefaultPacketSendObservationConvention.INSTANCE, () -> context, this.registry);
		return observation.observe(() -> send.apply(this.codec.encode(context.getCarrier())));
	}

	/**
	 * Run the handling of a received packet in a {@link PacketObservation#RECEIVE} observation
	 * that continues the sender's trace.
	 * @param type the packet type
	 * @param peer the sending peer's node id
	 * @param fields the fields of the TRACE frame that preceded the packet (may be empty)
	 * @param handling the listener invocations
	 */
	public void observeReceive(Enum<?> type, String peer, Map<String, String> fields, Runnable handling) {
		PacketReceiveContext context = new PacketReceiveContext(type, peer, fields);
		PacketObservation.RECEIVE
			.observation(this.receiveConvention, DefaultPacketReceiveObservationConvention.INSTANCE, () -> context,
					this.registry)
			.observe(handling);
	}

	/**
	 * Where to run work that happens later, on another thread (a listener's deferred reply), so
	 * that what it sends continues the trace of the observation current now.
	 * @return runs work (on the calling thread) in the current observation's scope, or just runs
	 * it when nothing is observed
	 */
	public Executor continuingCurrent() {
		Observation current = this.enabled ? this.registry.getCurrentObservation() : null;
		if (current == null) {
			return Runnable::run;
		}
		return (later) -> {
			try (Observation.Scope scope = current.openScope()) {
				later.run();
			}
		};
	}

	/**
	 * Read the fields of a TRACE frame.
	 * @param trace the frame
	 * @return its fields
	 * @throws IllegalArgumentException naming what is wrong with it
	 */
	public Map<String, String> fieldsOf(Frame trace) {
		return this.codec.decode(trace.payload());
	}

}
