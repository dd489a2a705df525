package dev.p2p.compat.pnet;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for pnet's crypto against tokens and lines recorded from Python's {@code cryptography}
 * and pnet's {@code Crypt}.
 */
class PnetCryptoTests {

	private final SecureRandom random = new SecureRandom();

	private final Fernet networkFernet = new Fernet(PythonVectors.get("NETKEY"), this.random);

	@Test
	void encryptsFernetTokenByteForByteAsPython() {
		byte[] iv = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

		String token = this.networkFernet.encrypt("alpha@127.0.0.1:43001".getBytes(StandardCharsets.UTF_8), 1700000000L, iv);

		assertThat(token).isEqualTo(PythonVectors.get("FERNET_FIXED"));
	}

	@Test
	void decryptsPythonFernetTokens() throws PnetProtocolException {
		assertThat(this.networkFernet.decryptText(PythonVectors.get("FERNET_FIXED"))).isEqualTo("alpha@127.0.0.1:43001");
		assertThat(this.networkFernet.decryptText(PythonVectors.get("FERNET_RANDOM"))).isEqualTo("héllo wörld");
	}

	@Test
	void refusesTokenOfAnotherKeyOrAltered() {
		Fernet other = new Fernet(Fernet.generateKey(this.random), this.random);
		String token = PythonVectors.get("FERNET_RANDOM");
		String altered = token.substring(0, 30) + (token.charAt(30) == 'A' ? 'B' : 'A') + token.substring(31);

		assertThatExceptionOfType(PnetProtocolException.class).isThrownBy(() -> other.decrypt(token))
			.withMessageContaining("fails its HMAC");
		assertThatExceptionOfType(PnetProtocolException.class).isThrownBy(() -> this.networkFernet.decrypt(altered))
			.withMessageContaining("fails its HMAC");
		assertThatExceptionOfType(PnetProtocolException.class).isThrownBy(() -> this.networkFernet.decrypt("gAAA"))
			.withMessageContaining("is not a Fernet token");
		assertThatIllegalArgumentException().isThrownBy(() -> new Fernet("c2hvcnQ=", this.random))
			.withMessageContaining("5 bytes, not 32");
	}

	@Test
	void writesPkFieldExactlyAsPythonRsaSavePkcs1() throws Exception {
		RSAPublicKey beta = PnetPublicKeys.fromField(PythonVectors.get("BETA_PK"));
		RSAPublicKey alpha = (RSAPublicKey) PythonVectors.alphaKeys().getPublic();

		assertThat(beta.getModulus().bitLength()).isEqualTo(512);
		assertThat(PnetPublicKeys.toField(beta)).isEqualTo(PythonVectors.get("BETA_PK"));
		assertThat(PnetPublicKeys.toField(alpha)).isEqualTo(PythonVectors.get("ALPHA_PK"));
	}

	@Test
	void readsPemWithCrlfAndNoFinalNewlineButNotX509() throws Exception {
		RSAPublicKey alpha = (RSAPublicKey) PythonVectors.alphaKeys().getPublic();
		String pem = PnetPublicKeys.toPem(alpha);

		assertThat(PnetPublicKeys.fromPem(pem.replace("\n", "\r\n").strip()).getModulus()).isEqualTo(alpha.getModulus());
		assertThatExceptionOfType(PnetProtocolException.class)
			.isThrownBy(() -> PnetPublicKeys.fromPem(pem.replace("RSA PUBLIC KEY", "PUBLIC KEY")))
			.withMessageContaining("PKCS#1");
	}

	@Test
	void decryptsRecordedPythonMessageWithAndWithoutNetworkKey() throws PnetProtocolException {
		PnetNodeCipher alpha = new PnetNodeCipher(PythonVectors.alphaKeys(), this.random);
		PnetNetworkLayer keyed = new PnetNetworkLayer(PythonVectors.get("NETKEY"), this.random);
		PnetNetworkLayer unkeyed = new PnetNetworkLayer(null, this.random);
		String expected = "CHUNKED?pt=initiator&ln=1&id=b'43PZORaqFOU='&og=beta&fn=handle";

		PnetLine plain = PnetLine.parse(PythonVectors.get("MSG_PLAIN"));
		PnetLine keyedLine = PnetLine.parse(PythonVectors.get("MSG_KEYED"));
		PnetLine rsp = PnetLine.parse(PythonVectors.get("RSP_UNKEYED"));

		assertThat(alpha.decrypt(unkeyed.unwrap(plain.content())).asText()).isEqualTo(expected);
		assertThat(alpha.decrypt(keyed.unwrap(keyedLine.content())).asText()).isEqualTo(expected);
		assertThat(alpha.decrypt(unkeyed.unwrap(rsp.content())).asText()).as("b'...' stripped").isEqualTo("RESPONSE?rs=success");
		assertThat(PnetCommand.parse(expected).require("id")).isEqualTo("b'43PZORaqFOU");
	}

	@Test
	void refusesPickleContentAndContentOfAnotherKey() throws Exception {
		PnetNodeCipher alpha = new PnetNodeCipher(PythonVectors.alphaKeys(), this.random);
		PnetNetworkLayer unkeyed = new PnetNetworkLayer(null, this.random);
		PnetNodeCipher stranger = new PnetNodeCipher(keyPair(1024), this.random);

		assertThatExceptionOfType(PnetProtocolException.class)
			.isThrownBy(() -> alpha.decrypt(PnetLine.parse(PythonVectors.get("MSG_PKL")).content()))
			.satisfies((ex) -> assertThat(ex.getViolation()).isEqualTo(PnetViolation.PICKLE))
			.withMessageContaining("pkl");
		assertThatExceptionOfType(PnetProtocolException.class)
			.isThrownBy(() -> stranger.decrypt(PnetLine.parse(PythonVectors.get("MSG_PLAIN")).content()))
			.satisfies((ex) -> assertThat(ex.getViolation()).isEqualTo(PnetViolation.RSA_DECRYPTION));
		PnetNetworkLayer wrongKey = new PnetNetworkLayer(Fernet.generateKey(this.random), this.random);
		assertThatExceptionOfType(PnetProtocolException.class)
			.isThrownBy(() -> wrongKey.unwrap(PnetLine.parse(PythonVectors.get("MSG_KEYED")).content()))
			.satisfies((ex) -> assertThat(ex.getViolation()).isEqualTo(PnetViolation.NET_DECRYPTION));
		assertThat(unkeyed.isKeyed()).isFalse();
	}

	@Test
	void nodeLayerRoundTripsForA512BitPythonKey() throws Exception {
		java.security.KeyPair small = keyPair(512);
		PnetNodeCipher sender = new PnetNodeCipher(keyPair(1024), this.random);
		PnetNodeCipher recipient = new PnetNodeCipher(small, this.random);

		String content = sender.encrypt(UniversalValue.text("RESPONSE?rs=success"), (RSAPublicKey) small.getPublic());

		assertThat(recipient.decrypt(content)).isEqualTo(UniversalValue.text("RESPONSE?rs=success"));
	}

	@Test
	void encodesUniversalValuesAsPython() throws PnetProtocolException {
		assertThat(UniversalValue.text("hi|there").encode()).isEqualTo("c3RyfGhpfHRoZXJl");
		assertThat(new UniversalValue(UniversalValue.BYTES, new byte[] { 0, (byte) 0xFF }).encode()).isEqualTo("cmF3fAD_");
		assertThat(UniversalValue.decode("c3RyfGhpfHRoZXJl").asText()).isEqualTo("hi|there");
		assertThatExceptionOfType(PnetProtocolException.class)
			.isThrownBy(() -> UniversalValue.decode(PnetBase64.encode("xyz|abc")))
			.withMessageContaining("'xyz' is neither str nor raw");
	}

	private static java.security.KeyPair keyPair(int bits) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(bits);
		return generator.generateKeyPair();
	}

}
