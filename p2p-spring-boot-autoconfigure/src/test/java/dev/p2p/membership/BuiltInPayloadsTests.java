package dev.p2p.membership;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.p2p.peer.PeerAddress;

/**
 * Tests for {@link BuiltInPayloads}.
 */
class BuiltInPayloadsTests {

	@Test
	void roundTripsListenerTypes() {
		List<ListenerType> types = List.of(new ListenerType("MOVE", 10), new ListenerType("BIG", 0xFFFFFEFFL));
		byte[] payload = BuiltInPayloads.funcs(types);
		assertThat(payload).startsWith(2, 0, 10, 0, 0, 0, 4, 'M', 'O', 'V', 'E');
		assertThat(BuiltInPayloads.readFuncs(payload)).isEqualTo(types);
		assertThat(BuiltInPayloads.readFuncs(BuiltInPayloads.funcs(List.of()))).isEmpty();
	}

	@Test
	void roundTripsKnownPeers() {
		List<KnownPeer> peers = List.of(new KnownPeer("a", new PeerAddress("10.0.0.1", 5001)),
				new KnownPeer("b", new PeerAddress("host.example", 65535)));
		byte[] payload = BuiltInPayloads.peers(peers);
		assertThat(payload).startsWith(2, 0, 1, 'a', 8, '1', '0', '.', '0', '.', '0', '.', '1', 0x89, 0x13);
		assertThat(BuiltInPayloads.readPeers(payload)).isEqualTo(peers);
	}

	@Test
	void leavesOutPeersWhoseIdsDoNotFitAOneByteLength() {
		// 128 characters (a valid node id) of three UTF-8 bytes each: 384 bytes
		KnownPeer wide = new KnownPeer("€".repeat(128), new PeerAddress("10.0.0.2", 5001));
		KnownPeer a = new KnownPeer("a", new PeerAddress("10.0.0.1", 5001));
		KnownPeer b = new KnownPeer("b", new PeerAddress("10.0.0.3", 5001));
		assertThat(BuiltInPayloads.readPeers(BuiltInPayloads.peers(List.of(a, wide, b)))).containsExactly(a, b);
	}

	@Test
	void cutsLongListsToFitAControlFrame() {
		List<KnownPeer> many = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			many.add(new KnownPeer("node-" + "x".repeat(100) + i, new PeerAddress("host-" + "y".repeat(100) + i, 1)));
		}
		byte[] payload = BuiltInPayloads.peers(many);
		assertThat(payload.length).isLessThanOrEqualTo(BuiltInPayloads.MAX_PAYLOAD_SIZE);
		List<KnownPeer> read = BuiltInPayloads.readPeers(payload);
		assertThat(read).isNotEmpty().isEqualTo(many.subList(0, read.size()));
		List<KnownPeer> small = many.stream()
			.map((peer) -> new KnownPeer("n" + peer.nodeId().hashCode(), new PeerAddress("h", 1)))
			.toList();
		assertThat(BuiltInPayloads.readPeers(BuiltInPayloads.peers(small))).hasSize(BuiltInPayloads.MAX_ENTRIES);
	}

	@Test
	void rejectsMalformedPayloads() {
		byte[] peers = BuiltInPayloads.peers(List.of(new KnownPeer("a", new PeerAddress("h", 1))));
		assertThatIllegalArgumentException().isThrownBy(() -> BuiltInPayloads.readPeers(new byte[1]))
			.withMessageContaining("ends inside");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BuiltInPayloads.readPeers(Arrays.copyOf(peers, peers.length - 1)))
			.withMessageContaining("ends inside");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BuiltInPayloads.readPeers(Arrays.copyOf(peers, peers.length + 2)))
			.withMessageContaining("2 bytes after");
		byte[] zeroPort = peers.clone();
		zeroPort[peers.length - 1] = 0;
		zeroPort[peers.length - 2] = 0;
		assertThatIllegalArgumentException().isThrownBy(() -> BuiltInPayloads.readPeers(zeroPort))
			.withMessageContaining("port 0");
		assertThatIllegalArgumentException().isThrownBy(() -> BuiltInPayloads.readFuncs(new byte[] { (byte) 0xFF, 0x7F }))
			.withMessageContaining("limit of " + BuiltInPayloads.MAX_ENTRIES);
		byte[] emptyId = BuiltInPayloads.peers(List.of(new KnownPeer("a", new PeerAddress("h", 1))));
		emptyId[2] = 0;
		assertThatIllegalArgumentException().isThrownBy(() -> BuiltInPayloads.readPeers(emptyId));
	}

}
