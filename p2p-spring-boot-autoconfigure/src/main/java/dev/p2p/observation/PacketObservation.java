package dev.p2p.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of packets: sending one ({@link #SEND}) and handling one in the receiving
 * node's listeners ({@link #RECEIVE}). With a tracer on the classpath the receiving side
 * continues the sender's trace: the sender's context travels in a TRACE control frame just
 * before the packet (see docs/PROTOCOL.md).
 */
public enum PacketObservation implements ObservationDocumentation {

	/** Sending a packet to one peer or broadcasting it. */
	SEND {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultPacketSendObservationConvention.class;
		}
	},

	/** Handling a received packet in the {@code @PacketListener} methods of its type. */
	RECEIVE {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultPacketReceiveObservationConvention.class;
		}
	};

	@Override
	public KeyName[] getLowCardinalityKeyNames() {
		return LowCardinalityKeys.values();
	}

	@Override
	public KeyName[] getHighCardinalityKeyNames() {
		return HighCardinalityKeys.values();
	}

	/** Tags with a bounded set of values. */
	public enum LowCardinalityKeys implements KeyName {

		/** The packet type (enum constant name). */
		PACKET_TYPE {
			@Override
			public String asString() {
				return "p2p.packet.type";
			}
		}

	}

	/** Tags with one value per peer. */
	public enum HighCardinalityKeys implements KeyName {

		/** The peer's node id ({@code *} for a broadcast). */
		PEER {
			@Override
			public String asString() {
				return "p2p.peer";
			}
		}

	}

}
