package dev.p2p.it;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.p2p.event.PeerConnectedEvent;
import dev.p2p.event.PeerDisconnectedEvent;
import dev.p2p.peer.Direction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A peer whose process dies mid-stream: the survivor reports the loss, keeps serving its other
 * peers, and redials the dead one until it is back.
 */
class PeerFailureIntegrationTests {

	@Test
	void peerKilledMidStreamIsRedialledWhileTheOthersKeepBeingServed() throws Exception {
		int forkPort = FreePorts.find();
		try (TestPeer hub = TestPeer.start("hub", "p2p.peers=127.0.0.1:" + forkPort);
				TestPeer other = TestPeer.start("other", "p2p.peers=" + hub.address())) {
			Process fork = startFork(forkPort);
			try {
				await().atMost(Duration.ofSeconds(30)).until(() -> hub.recorder.sequenceCount.get() > 2_000);
				fork.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				await().until(() -> !hub.isConnectedTo("fork"));
				assertThat(hub.recorder.events(PeerDisconnectedEvent.class))
					.anySatisfy((event) -> assertThat(event.getNodeId()).isEqualTo("fork"));
				assertThat(hub.recorder.outOfOrder).hasValue(0);

				other.packets.send("hub", TestPacketType.TEXT, "are you still there?");
				await().until(() -> hub.recorder.texts.contains("are you still there?|20"));
				hub.packets.send("other", TestPacketType.TEXT, "yes");
				await().until(() -> other.recorder.texts.contains("yes|3"));
				assertThat(hub.isConnectedTo("other")).isTrue();

				long connectedBefore = connectedEventsFor(hub, "fork");
				fork = startFork(forkPort);
				await().atMost(Duration.ofSeconds(30)).until(() -> connectedEventsFor(hub, "fork") > connectedBefore);
				assertThat(hub.session("fork").getDirection()).isEqualTo(dev.p2p.peer.Direction.OUTBOUND);
			}
			finally {
				fork.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	private static long connectedEventsFor(TestPeer peer, String nodeId) {
		return peer.recorder.events(PeerConnectedEvent.class)
			.stream()
			.filter((event) -> event.getNodeId().equals(nodeId))
			.count();
	}

	private static Process startFork(int port) {
		return ForkedPeer.start(ForkedPeer.class, "fork", port);
	}

}
