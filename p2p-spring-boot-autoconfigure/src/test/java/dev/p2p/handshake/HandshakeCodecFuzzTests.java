package dev.p2p.handshake;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.p2p.fuzz.FuzzRun;
import dev.p2p.peer.PeerIdentity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the handshake parser with what a hostile dialer can put in a HELLO (or a listener in
 * an ACCEPT, DENY or BYE): valid payloads whose fields get values of every JSON kind (wrong
 * types, huge and negative numbers, long strings, control characters, broken surrogates,
 * nesting thousands deep, base64 of every length), then byte-level mutations.
 * {@link HandshakeCodec#readIdentity} either returns an identity that keeps every rule a peer
 * relies on or throws {@link MalformedHandshakeException}, and so do the readers of the network
 * key's nonce, CHALLENGE and PROOF; the lenient readers of DENY and BYE never throw.
 * See {@link FuzzRun} for long runs.
 */
class HandshakeCodecFuzzTests {

	private static final String[] FIELDS = { "protocol", "nodeId", "instanceId", "networkId", "listenHost", "listenPort",
			"codec", "reason", "duplicate", "nonce", "proof" };

	private final HandshakeCodec codec = new HandshakeCodec();

	@Test
	void parsesEveryPayloadOrRejectsItCleanly() {
		FuzzRun.Report report = FuzzRun.configured("handshake-codec").run((random, index) -> {
			byte[] payload = FuzzRun.mutate(random, payload(random));
			try {
				PeerIdentity identity = this.codec.readIdentity(payload);
				assertThat(identity.protocol()).isPositive();
				assertThat(PeerIds.checkId(identity.nodeId(), true)).isNull();
				assertThat(PeerIds.checkId(identity.instanceId(), true)).isNull();
				assertThat(PeerIds.checkId(identity.networkId(), false)).isNull();
				assertThat(identity.listenPort()).isBetween(0, 65535);
			}
			catch (MalformedHandshakeException ex) {
				assertThat(ex.getMessage()).isNotBlank();
			}
			try {
				byte[] nonce = this.codec.readNonce(payload);
				assertThat(nonce == null || nonce.length == HandshakeCodec.NONCE_LENGTH).isTrue();
			}
			catch (MalformedHandshakeException ex) {
				assertThat(ex.getMessage()).isNotBlank();
			}
			try {
				Challenge challenge = this.codec.readChallenge(payload);
				assertThat(PeerIds.checkId(challenge.nodeId(), true)).isNull();
				assertThat(challenge.nonce()).hasSize(HandshakeCodec.NONCE_LENGTH);
				assertThat(challenge.proof()).hasSize(HandshakeCodec.PROOF_LENGTH);
			}
			catch (MalformedHandshakeException ex) {
				assertThat(ex.getMessage()).isNotBlank();
			}
			try {
				assertThat(this.codec.readProof(payload)).hasSize(HandshakeCodec.PROOF_LENGTH);
			}
			catch (MalformedHandshakeException ex) {
				assertThat(ex.getMessage()).isNotBlank();
			}
			assertThat(this.codec.readReason(payload).length()).isLessThanOrEqualTo(HandshakeCodec.MAX_REASON_LENGTH + 200);
			String nodeId = this.codec.readNodeId(payload);
			assertThat(nodeId == null || PeerIds.checkId(nodeId, true) == null).isTrue();
			this.codec.isDuplicate(payload);
		});
		assertThat(report.heapGrowth()).as("the parser keeps nothing between inputs").isLessThan(64L << 20);
	}

	/** A HELLO-like JSON object whose fields may be replaced by any kind of JSON value. */
	private String json(Random random) {
		StringBuilder json = new StringBuilder("{");
		int fields = random.nextInt(FIELDS.length + 2);
		for (int i = 0; i < fields; i++) {
			if (i > 0) {
				json.append(',');
			}
			String name = (random.nextInt(10) == 0) ? randomString(random, 8) : FIELDS[random.nextInt(FIELDS.length)];
			json.append(quote(name)).append(':').append(value(random, name));
		}
		return json.append('}').toString();
	}

	private byte[] payload(Random random) {
		return switch (random.nextInt(10)) {
			case 0 -> FuzzRun.randomBytes(random, random.nextInt(64));
			case 1 -> this.codec.writeIdentity(new PeerIdentity(1, "node-" + random.nextInt(100), "i", "default",
					"127.0.0.1", random.nextInt(65536), "json"));
			case 2 -> this.codec.writeReason(randomString(random, 600), "peer", random.nextBoolean());
			case 3 -> this.codec.writeChallenge(new Challenge("listener", FuzzRun.randomBytes(random, 32),
					FuzzRun.randomBytes(random, 32)));
			case 4 -> this.codec.writeProof(FuzzRun.randomBytes(random, 32));
			default -> json(random).getBytes(StandardCharsets.UTF_8);
		};
	}

	private static String value(Random random, String field) {
		return switch (random.nextInt(13)) {
			case 0 -> Long.toString(random.nextLong());
			case 1 -> Integer.toString(random.nextInt(70_000) - 1_000);
			case 2 -> "1e999";
			case 3 -> "-0.5";
			case 4 -> random.nextBoolean() ? "true" : "null";
			case 5 -> quote(randomString(random, 1 + random.nextInt(300)));
			case 6 -> "[" + quote("a") + ",1,{}]";
			case 7 -> "[".repeat(1 + random.nextInt(3_000)) + "]".repeat(random.nextInt(3_000));
			case 8 -> "{\"" + field + "\":" + quote("nested") + "}";
			case 9 -> "\"\\ud800 broken surrogate\"";
			case 10 -> quote(java.util.Base64.getEncoder()
				.encodeToString(FuzzRun.randomBytes(random, (random.nextInt(3) == 0) ? 32 : random.nextInt(70))));
			default -> (field.equals("protocol") || field.equals("listenPort")) ? Integer.toString(random.nextInt(70_000))
					: quote("node-" + random.nextInt(1_000));
		};
	}

	private static String randomString(Random random, int length) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append((char) switch (random.nextInt(4)) {
				case 0 -> random.nextInt(0x20);
				case 1 -> 0x80 + random.nextInt(0x780);
				default -> 'a' + random.nextInt(26);
			});
		}
		return text.toString();
	}

	private static String quote(String text) {
		StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\') {
				quoted.append('\\').append(c);
			}
			else if (c < 0x20) {
				quoted.append(String.format("\\u%04x", (int) c));
			}
			else {
				quoted.append(c);
			}
		}
		return quoted.append('"').toString();
	}

}
