package dev.p2p.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags {@link PacketObservation#RECEIVE} observations; declare a bean to replace
 * {@link DefaultPacketReceiveObservationConvention}.
 */
public interface PacketReceiveObservationConvention extends ObservationConvention<PacketReceiveContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof PacketReceiveContext;
	}

}
