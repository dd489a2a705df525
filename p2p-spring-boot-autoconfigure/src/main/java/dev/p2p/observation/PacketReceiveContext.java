package dev.p2p.observation;

import java.util.Map;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;

/**
 * Context of a {@link PacketObservation#RECEIVE} observation. Its carrier holds the fields of
 * the TRACE control frame that preceded the packet (empty when there was none), from which a
 * propagating tracing handler continues the sender's trace.
 */
public class PacketReceiveContext extends ReceiverContext<Map<String, String>> {

	private final Enum<?> packetType;

	private final String peer;

	/**
	 * Create a context.
	 * @param packetType the packet's type
	 * @param peer the sending peer's node id
	 * @param carrier the propagated fields
	 */
	public PacketReceiveContext(Enum<?> packetType, String peer, Map<String, String> carrier) {
		super((fields, key) -> (fields != null) ? fields.get(key) : null, Kind.CONSUMER);
		this.packetType = packetType;
		this.peer = peer;
		setCarrier(carrier);
		setRemoteServiceName(peer);
	}

	/**
	 * The packet's type.
	 * @return the enum constant
	 */
	public Enum<?> getPacketType() {
		return this.packetType;
	}

	/**
	 * The sending peer.
	 * @return its node id
	 */
	public String getPeer() {
		return this.peer;
	}

}
