package dev.p2p.it;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.json.JsonMapper;

import dev.p2p.compat.CompatMetrics;
import dev.p2p.listener.PacketListener;
import dev.p2p.packet.Packet;
import dev.p2p.packet.PacketCodecs;
import dev.p2p.packet.PacketReply;
import dev.p2p.peer.PeerSession;

/**
 * What the compat profile tests add to a {@link TestPeer}: an ECHO listener that answers every
 * packet with its own payload (a JSON value for the json codec, the bytes for the bytes codec),
 * and a {@link CompatMetrics} that keeps the refusals it counts.
 */
@Configuration(proxyBeanMethods = false)
class CompatTestConfiguration {

	@Bean
	RecordingCompatMetrics recordingCompatMetrics() {
		return new RecordingCompatMetrics();
	}

	@Bean
	Echo echo(PacketCodecs codecs) {
		return new Echo(codecs);
	}

	/** Answers ECHO with the same value, and remembers who sent it. */
	static class Echo {

		private final PacketCodecs codecs;

		private final JsonMapper mapper = JsonMapper.builder().build();

		final Queue<String> senders = new ConcurrentLinkedQueue<>();

		Echo(PacketCodecs codecs) {
			this.codecs = codecs;
		}

		@PacketListener("ECHO")
		PacketReply echo(Packet packet, PeerSession from) {
			this.senders.add(from.getNodeId());
			boolean json = "json".equals(this.codecs.codecOf(TestPacketType.ECHO).name());
			return PacketReply.of(TestPacketType.ECHO, json ? this.mapper.readTree(packet.payload()) : packet.payload());
		}

	}

	/** Keeps every refusal as {@code profile/reason}. */
	static class RecordingCompatMetrics implements CompatMetrics {

		final Queue<String> refusals = new ConcurrentLinkedQueue<>();

		@Override
		public void refused(String profile, String reason) {
			this.refusals.add(profile + "/" + reason);
		}

	}

}
