package dev.p2p.observation;

import io.micrometer.common.KeyValues;

/**
 * Default {@link PacketReceiveObservationConvention}: observation {@code p2p.packet.receive},
 * span {@code receive <TYPE>}, tagged with the packet type (and the sender as a
 * high-cardinality value).
 */
public class DefaultPacketReceiveObservationConvention implements PacketReceiveObservationConvention {

	/** Shared instance. */
	public static final DefaultPacketReceiveObservationConvention INSTANCE = new DefaultPacketReceiveObservationConvention();

	@Override
	public String getName() {
		return "p2p.packet.receive";
	}

	@Override
	public String getContextualName(PacketReceiveContext context) {
		return "receive " + context.getPacketType().name();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(PacketReceiveContext context) {
		return KeyValues.of(PacketObservation.LowCardinalityKeys.PACKET_TYPE.withValue(context.getPacketType().name()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(PacketReceiveContext context) {
		return KeyValues.of(PacketObservation.HighCardinalityKeys.PEER.withValue(context.getPeer()));
	}

}
