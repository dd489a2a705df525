package dev.p2p.observation;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;

/**
 * Context of a {@link PacketObservation#SEND} observation. Its carrier collects the fields a
 * propagating tracing handler injects; they travel to the peer in a TRACE control frame.
 */
public class PacketSendContext extends SenderContext<Map<String, String>> {

	private final Enum<?> packetType;

	private final String peer;

	/**
	 * Create a context.
	 * @param packetType the packet's type
	 * @param peer the receiving peer's node id, {@code *} for a broadcast
	 */
	public PacketSendContext(Enum<?> packetType, String peer) {
		super((carrier, key, value) -> {
			if (carrier != null) {
				carrier.put(key, value);
			}
		}, Kind.PRODUCER);
		this.packetType = packetType;
		this.peer = peer;
		setCarrier(new LinkedHashMap<>());
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
	 * The receiving peer.
	 * @return its node id, {@code *} for a broadcast
	 */
	public String getPeer() {
		return this.peer;
	}

}
