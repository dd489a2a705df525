package dev.p2p.observation;

import io.micrometer.common.KeyValues;

/**
 * Default {@link PacketSendObservationConvention}: observation {@code p2p.packet.send}, span
 * {@code send <TYPE>}, tagged with the packet type (and the peer as a high-cardinality value).
 */
public class DefaultPacketSendObservationConvention implements PacketSendObservationConvention {

	/** Shared instance. */
	public static final DefaultPacketSendObservationConvention INSTANCE = new DefaultPacketSendObservationConvention();

	@Override
	public String getName() {
		return "p2p.packet.send";
	}

	@Override
	public String getContextualName(PacketSendContext context) {
		return "send " + context.getPacketType().name();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(PacketSendContext context) {
		return KeyValues.of(PacketObservation.LowCardinalityKeys.PACKET_TYPE.withValue(context.getPacketType().name()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(PacketSendContext context) {
		return KeyValues.of(PacketObservation.HighCardinalityKeys.PEER.withValue(context.getPeer()));
	}

}
