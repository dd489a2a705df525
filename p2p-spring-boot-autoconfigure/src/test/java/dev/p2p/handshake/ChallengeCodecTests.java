package dev.p2p.handshake;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.p2p.peer.PeerIdentity;

/**
 * The network-key fields of the handshake: HELLO's nonce, CHALLENGE and PROOF.
 */
class ChallengeCodecTests {

	private final HandshakeCodec codec = new HandshakeCodec();

	private final PeerIdentity identity = new PeerIdentity(1, "a", "i", "net", null, 0, "json");

	@Test
	void helloCarriesTheNonceOnlyWhenGiven() {
		byte[] nonce = new byte[32];
		nonce[0] = 7;
		assertThat(this.codec.readNonce(this.codec.writeIdentity(this.identity, nonce))).isEqualTo(nonce);
		assertThat(this.codec.readNonce(this.codec.writeIdentity(this.identity))).isNull();
		assertThat(this.codec.readIdentity(this.codec.writeIdentity(this.identity, nonce))).isEqualTo(this.identity);
	}

	@Test
	void challengeAndProofRoundTrip() {
		byte[] nonce = new byte[32];
		byte[] proof = new byte[32];
		proof[31] = 1;
		byte[] payload = this.codec.writeChallenge(new Challenge("b", nonce, proof));
		assertThat(new String(payload, StandardCharsets.UTF_8)).startsWith("{\"nodeId\":\"b\",\"nonce\":\"");
		Challenge read = this.codec.readChallenge(payload);
		assertThat(read.nodeId()).isEqualTo("b");
		assertThat(read.nonce()).isEqualTo(nonce);
		assertThat(read.proof()).isEqualTo(proof);
		assertThat(this.codec.readProof(this.codec.writeProof(proof))).isEqualTo(proof);
	}

	@Test
	void wrongLengthsAndNonBase64AreMalformed() {
		String shortProof = Base64.getEncoder().encodeToString(new byte[31]);
		assertThatExceptionOfType(MalformedHandshakeException.class)
			.isThrownBy(() -> this.codec.readProof(("{\"proof\":\"" + shortProof + "\"}").getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("must be 32 bytes, was 31");
		assertThatExceptionOfType(MalformedHandshakeException.class)
			.isThrownBy(() -> this.codec.readProof("{\"proof\":\"***\"}".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("not base64");
		assertThatExceptionOfType(MalformedHandshakeException.class)
			.isThrownBy(() -> this.codec.readNonce("{\"nonce\":5}".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("base64 string");
		assertThatExceptionOfType(MalformedHandshakeException.class)
			.isThrownBy(() -> this.codec.readChallenge("{}".getBytes(StandardCharsets.UTF_8)));
	}

}
