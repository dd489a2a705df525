package dev.p2p.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags {@link PacketObservation#SEND} observations; declare a bean to replace
 * {@link DefaultPacketSendObservationConvention}.
 */
public interface PacketSendObservationConvention extends ObservationConvention<PacketSendContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof PacketSendContext;
	}

}
