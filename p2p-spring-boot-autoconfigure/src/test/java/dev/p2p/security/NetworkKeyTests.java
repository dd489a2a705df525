package dev.p2p.security;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NetworkKeyTests {

	private static final NetworkKey KEY = NetworkKey.of("sixteen byte key!");

	@Test
	void macIsHmacSha256AndVerifies() {
		byte[] mac = KEY.mac("domain", bytes("a"), bytes("b"));
		assertThat(mac).hasSize(NetworkKey.MAC_LENGTH);
		assertThat(KEY.verify(mac, "domain", bytes("a"), bytes("b"))).isTrue();
	}

	@Test
	void domainsAreSeparated() {
		byte[] mac = KEY.mac("p2p/1 handshake dialer", bytes("x"));
		assertThat(KEY.verify(mac, "p2p/1 handshake listener", bytes("x"))).isFalse();
	}

	@Test
	void partsAreLengthPrefixedSoBoundariesMatter() {
		byte[] mac = KEY.mac("d", bytes("ab"), bytes("c"));
		assertThat(KEY.verify(mac, "d", bytes("a"), bytes("bc"))).isFalse();
		assertThat(KEY.verify(mac, "d", bytes("abc"))).isFalse();
	}

	@Test
	void anotherKeyOrATamperedCodeDoesNotVerify() {
		byte[] mac = KEY.mac("d", bytes("m"));
		assertThat(NetworkKey.of("another sixteen b").verify(mac, "d", bytes("m"))).isFalse();
		byte[] tampered = Arrays.copyOf(mac, mac.length);
		tampered[0] ^= 1;
		assertThat(KEY.verify(tampered, "d", bytes("m"))).isFalse();
		assertThat(KEY.verify(Arrays.copyOf(mac, 16), "d", bytes("m"))).isFalse();
		assertThat(KEY.verify(null, "d", bytes("m"))).isFalse();
	}

	@Test
	void shortKeysAreRefusedAndTheKeyIsNeverShown() {
		assertThatIllegalArgumentException().isThrownBy(() -> NetworkKey.of("short"))
			.withMessageContaining("at least 16 bytes")
			.withMessageNotContaining("short");
		assertThat(KEY.toString()).doesNotContain("sixteen");
	}

	@Test
	void noncesAreFreshAndFullLength() {
		byte[] first = NetworkKey.nonce();
		assertThat(first).hasSize(NetworkKey.NONCE_LENGTH);
		assertThat(NetworkKey.nonce()).isNotEqualTo(first);
	}

	@Test
	void handshakeProofsCoverTheWholeTranscript() {
		byte[] dialerNonce = NetworkKey.nonce();
		byte[] listenerNonce = NetworkKey.nonce();
		HandshakeProof transcript = new HandshakeProof(dialerNonce, listenerNonce, "a", "b", "net");
		assertThat(transcript.verifyDialer(KEY, transcript.dialer(KEY))).isTrue();
		assertThat(transcript.verifyListener(KEY, transcript.listener(KEY))).isTrue();
		assertThat(transcript.verifyDialer(KEY, transcript.listener(KEY))).isFalse();
		assertThat(new HandshakeProof(dialerNonce, NetworkKey.nonce(), "a", "b", "net").verifyDialer(KEY,
				transcript.dialer(KEY))).isFalse();
		assertThat(new HandshakeProof(dialerNonce, listenerNonce, "a", "b", "other").verifyDialer(KEY,
				transcript.dialer(KEY))).isFalse();
		assertThat(new HandshakeProof(dialerNonce, listenerNonce, "b", "a", "net").verifyDialer(KEY,
				transcript.dialer(KEY))).isFalse();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
