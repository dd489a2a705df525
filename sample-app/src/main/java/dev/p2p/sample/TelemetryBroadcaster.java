package dev.p2p.sample;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.p2p.core.PacketOperations;
import dev.p2p.listener.PacketListener;
import dev.p2p.node.PeerNode;

/**
 * Broadcasts this peer's telemetry every {@code sample.telemetry.interval} (default 5s) and
 * logs the telemetry of the others.
 */
@Component
public class TelemetryBroadcaster {

	private static final Log logger = LogFactory.getLog(TelemetryBroadcaster.class);

	private final PacketOperations<PacketType> packets;

	private final PeerNode node;

	private final AtomicLong sequence = new AtomicLong();

	TelemetryBroadcaster(PacketOperations<PacketType> packets, PeerNode node) {
		this.packets = packets;
		this.node = node;
	}

	@Scheduled(fixedDelayString = "${sample.telemetry.interval:5s}", initialDelayString = "${sample.telemetry.interval:5s}")
	void broadcast() {
		int peers = this.packets.peers().size();
		if (peers > 0) {
			Runtime runtime = Runtime.getRuntime();
			long heapUsedMb = (runtime.totalMemory() - runtime.freeMemory()) >> 20;
			this.packets.broadcast(PacketType.TELEMETRY,
					new Telemetry(this.node.getNodeId(), this.sequence.incrementAndGet(), heapUsedMb, peers));
		}
	}

	@PacketListener("TELEMETRY")
	void onTelemetry(Telemetry telemetry) {
		logger.info("[telemetry] " + telemetry.from() + " #" + telemetry.sequence() + ": heap " + telemetry.heapUsedMb()
				+ " MiB, " + telemetry.peers() + " peer(s)");
	}

}
