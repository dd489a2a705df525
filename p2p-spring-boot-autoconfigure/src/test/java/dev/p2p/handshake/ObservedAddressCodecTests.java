package dev.p2p.handshake;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.p2p.peer.PeerIdentity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The observed address in ACCEPT: optional, ignored by old readers, never resolved.
 */
class ObservedAddressCodecTests {

	private final HandshakeCodec codec = new HandshakeCodec();

	private final PeerIdentity identity = new PeerIdentity(1, "node-a", "i-1", "net", null, 5001, "json");

	@Test
	void anAcceptCarriesTheDialersAddressAsALiteral() throws Exception {
		byte[] accept = this.codec.writeAccept(this.identity, new InetSocketAddress(InetAddress.getByName("::1"), 4100));
		assertThat(new String(accept, StandardCharsets.UTF_8)).contains("\"observedHost\":\"0:0:0:0:0:0:0:1\"")
			.contains("\"observedPort\":4100");
		assertThat(this.codec.readObserved(accept)).isEqualTo(new InetSocketAddress(InetAddress.getByName("::1"), 4100));
		// a reader that does not know the fields sees the same identity
		assertThat(this.codec.readIdentity(accept)).isEqualTo(this.identity);
	}

	@Test
	void anAcceptOfAnOldPeerHasNoObservedAddress() {
		assertThat(this.codec.readObserved(this.codec.writeIdentity(this.identity))).isNull();
	}

	@Test
	void aHostNameOrABadPortIsIgnoredNotResolved() {
		assertThat(this.codec.readObserved(json("{\"observedHost\":\"example.com\",\"observedPort\":1}"))).isNull();
		assertThat(this.codec.readObserved(json("{\"observedHost\":\"10.0.0.1\",\"observedPort\":0}"))).isNull();
		assertThat(this.codec.readObserved(json("{\"observedHost\":\"10.0.0.1\",\"observedPort\":70000}"))).isNull();
		assertThat(this.codec.readObserved(json("{\"observedHost\":5,\"observedPort\":1}"))).isNull();
		assertThat(this.codec.readObserved(json("not json"))).isNull();
		assertThat(this.codec.readObserved(json("{\"observedHost\":\"10.0.0.1\",\"observedPort\":4000}")))
			.isEqualTo(new InetSocketAddress("10.0.0.1", 4000));
	}

	private static byte[] json(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
