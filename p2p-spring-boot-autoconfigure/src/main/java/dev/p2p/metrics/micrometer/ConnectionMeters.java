package dev.p2p.metrics.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.p2p.event.HandshakeFailure;
import dev.p2p.event.Limit;
import dev.p2p.event.RejectionReason;

import static dev.p2p.metrics.micrometer.MicrometerPeerMetrics.HANDSHAKES;
import static dev.p2p.metrics.micrometer.MicrometerPeerMetrics.HEARTBEAT_RTT;
import static dev.p2p.metrics.micrometer.MicrometerPeerMetrics.HEARTBEAT_TIMEOUTS;
import static dev.p2p.metrics.micrometer.MicrometerPeerMetrics.LIMITS_EXCEEDED;
import static dev.p2p.metrics.micrometer.MicrometerPeerMetrics.PACKETS_REJECTED;

/**
 * Meters of the connections' health: handshakes by outcome, limits broken, frames rejected,
 * heartbeat round trips and timeouts. One meter per outcome or reason, created up front.
 */
final class ConnectionMeters {

	final Counter handshakesSucceeded;

	final Counter[] handshakesFailed;

	final Counter[] rejected;

	final Counter[] limitsExceeded;

	final Timer heartbeatRoundTrips;

	final Counter heartbeatTimeouts;

	ConnectionMeters(MeterRegistry registry) {
		this.handshakesSucceeded = handshakes(registry, "success");
		HandshakeFailure[] failures = HandshakeFailure.values();
		this.handshakesFailed = new Counter[failures.length];
		for (HandshakeFailure failure : failures) {
			this.handshakesFailed[failure.ordinal()] = handshakes(registry, failure.tag());
		}
		RejectionReason[] reasons = RejectionReason.values();
		this.rejected = new Counter[reasons.length];
		for (RejectionReason reason : reasons) {
			this.rejected[reason.ordinal()] = Counter.builder(PACKETS_REJECTED)
				.description("Received frames that were not delivered to a listener")
				.tag("reason", reason.tag())
				.register(registry);
		}
		Limit[] limits = Limit.values();
		this.limitsExceeded = new Counter[limits.length];
		for (Limit limit : limits) {
			this.limitsExceeded[limit.ordinal()] = Counter.builder(LIMITS_EXCEEDED)
				.description("Connections, sessions or frames refused because a peer broke a limit")
				.tag("limit", limit.tag())
				.register(registry);
		}
		this.heartbeatRoundTrips = Timer.builder(HEARTBEAT_RTT)
			.description("Round-trip time of heartbeat PINGs")
			.register(registry);
		this.heartbeatTimeouts = Counter.builder(HEARTBEAT_TIMEOUTS)
			.description("Sessions closed because the peer sent nothing for the heartbeat timeout")
			.register(registry);
	}

	private static Counter handshakes(MeterRegistry registry, String outcome) {
		return Counter.builder(HANDSHAKES).description("Handshakes by outcome").tag("outcome", outcome).register(registry);
	}

}
