package dev.p2p.compat.peerpy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the peerpy codec against the bytes peerpy writes (recorded from peerpy ff12cd6).
 */
class PeerpyCodecTests {

	private static final String HELLO = "HELLO|peer_name=127.0.0.1:39351&data_type=json&strict=True";

	private static final String PAYLOAD = "{\"data\": {\"hello\": \"world\"}}";

	/** {@code Data("json", decoded_data=val).encode()} of a value with every JSON quirk. */
	private static final String PYTHON_JSON = "eyJkYXRhIjogeyJoZWxsbyI6ICJ3b3JsZCIsICJuIjogWzEsIDIuNSwgMWUrMjAsIDFlLTA3LCAxMDAuMCwgLTAuMCwgdHJ1ZSwgbnVsbF0sICJzIjogIlx1MDBlOVx1ZDgzZFx1ZGUwMFx1MDA3ZlxuXCJcXC9cdFx1MDAwMSIsICJlIjoge30sICJsIjogW119fQ==";

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final PeerpyFrameReader reader = new PeerpyFrameReader(1024);

	@Test
	void writesHelloExactlyAsPeerpy() {
		byte[] bytes = new PeerpyHello("127.0.0.1:39351", PeerpyDataType.JSON, true, false).toBytes();

		assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(padded(HELLO));
	}

	@Test
	void writesStreamHelloAndControlHeadersExactlyAsPeerpy() {
		assertThat(new PeerpyHello("127.0.0.1:56269", PeerpyDataType.BYTES, true, true).toBytes()).asString()
			.isEqualTo(padded("HELLO|peer_name=127.0.0.1:56269&data_type=bytes&strict=True&stream=True"));
		assertThat(PeerpyControl.ACCEPT.toBytes()).asString().isEqualTo("ACCEPT" + "|".repeat(122));
		assertThat(PeerpyControl.DENY.toBytes()).asString().isEqualTo("DENY" + "|".repeat(124));
		assertThat(PeerpyControl.PING.toBytes()).asString().isEqualTo("PING" + "|".repeat(124));
	}

	@Test
	void writesDataHeaderAndPayloadInOneArray() {
		byte[] bytes = new PeerpyData(PeerpyDataType.JSON, PAYLOAD.getBytes(StandardCharsets.UTF_8)).toBytes();

		assertThat(bytes).hasSize(128 + 28);
		assertThat(bytes).asString().isEqualTo(padded("DATA|data_size=28&data_type=json") + PAYLOAD);
	}

	@Test
	void readsRecordedHelloWithPythonCasts() throws IOException {
		PeerpyHello hello = this.reader.readHello(in(padded(HELLO.replace("True", "False"))));

		assertThat(hello.peerName()).isEqualTo("127.0.0.1:39351");
		assertThat(hello.dataType()).isEqualTo(PeerpyDataType.JSON);
		assertThat(hello.strict()).as("bool('False') is True in Python").isTrue();
		assertThat(hello.stream()).isFalse();
		assertThat(hello.refusal()).isEmpty();
	}

	@Test
	void refusesRawAndStreamOffers() throws IOException {
		PeerpyHello raw = this.reader.readHello(in(padded("HELLO|peer_name=a:1&data_type=raw&strict=True")));
		PeerpyHello stream = this.reader
			.readHello(in(padded("HELLO|peer_name=127.0.0.1:56269&data_type=bytes&strict=True&stream=True")));

		assertThat(raw.refusal()).get().satisfies((ex) -> {
			assertThat(ex.getViolation()).isEqualTo(PeerpyViolation.RAW_DATA_TYPE);
			assertThat(ex.getMessage()).contains("data_type=raw", "a:1");
		});
		assertThat(stream.refusal()).get().extracting(PeerpyProtocolException::getViolation)
			.isEqualTo(PeerpyViolation.STREAM_MODE);
	}

	@Test
	void refusesHelloWithMissingFieldOrUnknownDataType() {
		assertThatExceptionOfType(PeerpyProtocolException.class)
			.isThrownBy(() -> this.reader.readHello(in(padded("HELLO|peer_name=a:1&data_type=json"))))
			.satisfies((ex) -> assertThat(ex.getViolation()).isEqualTo(PeerpyViolation.MISSING_FIELD))
			.withMessageContaining("strict");
		assertThatExceptionOfType(PeerpyProtocolException.class)
			.isThrownBy(() -> this.reader.readHello(in(padded("HELLO|peer_name=a:1&data_type=pickle&strict=True"))))
			.satisfies((ex) -> assertThat(ex.getViolation()).isEqualTo(PeerpyViolation.INVALID_DATA_TYPE))
			.withMessageContaining("'pickle'");
	}

	@Test
	void parsesOnlyBetweenFirstAndSecondBar() throws IOException {
		PeerpyHeader header = PeerpyHeader.parse(padded("HELLO|peer_name=a:1&data_type=json&strict=True|x=y").getBytes());

		assertThat(header.fields()).containsOnlyKeys("peer_name", "data_type", "strict");
	}

	@ParameterizedTest
	@ValueSource(strings = { "DATA|data_size&data_type=json", "DATA|data_size=1=2&data_type=json",
			"DATA|data_size=1&data_type=json&" })
	void refusesFieldsPeerpyCannotSplit(String header) {
		assertThatExceptionOfType(PeerpyProtocolException.class)
			.isThrownBy(() -> this.reader.read(in(padded(header)), PeerpyDataType.JSON))
			.satisfies((ex) -> assertThat(ex.getViolation()).isEqualTo(PeerpyViolation.MALFORMED_HEADER))
			.withMessageContaining("exactly one '='");
	}

	@Test
	void refusesNulPaddingInsideDataSize() {
		byte[] header = Arrays.copyOf("DATA|data_type=json&data_size=28".getBytes(), 128);

		assertThatExceptionOfType(PeerpyProtocolException.class)
			.isThrownBy(() -> this.reader.read(new ByteArrayInputStream(header), PeerpyDataType.JSON))
			.withMessageContaining("data_size=").withMessageContaining("not a non-negative integer");
	}

	@Test
	void readsDataThenPingThenCleanEnd() throws IOException {
		InputStream in = in(padded("DATA|data_size=28&data_type=json") + PAYLOAD + padded("PING"));

		PeerpyMessage data = this.reader.read(in, PeerpyDataType.JSON);

		assertThat(data).isEqualTo(new PeerpyData(PeerpyDataType.JSON, PAYLOAD.getBytes()));
		assertThat(this.reader.read(in, PeerpyDataType.JSON)).isEqualTo(PeerpyControl.PING);
		assertThat(this.reader.read(in, PeerpyDataType.JSON)).isNull();
	}

	@Test
	void refusesRawOrOtherTypeOrOversizeDataWithoutReadingPayload() throws IOException {
		InputStream raw = in(padded("DATA|data_size=5&data_type=raw") + "\u0080pkl.");
		assertThatExceptionOfType(PeerpyProtocolException.class)
			.isThrownBy(() -> this.reader.read(raw, PeerpyDataType.JSON))
			.satisfies((ex) -> assertThat(ex.getViolation()).isEqualTo(PeerpyViolation.RAW_DATA_TYPE));
		assertThat(raw.available()).as("pickle payload left unread").isEqualTo(6);

		assertThatExceptionOfType(PeerpyProtocolException.class)
			.isThrownBy(() -> this.reader.read(in(padded("DATA|data_size=3&data_type=bytes") + "abc"), PeerpyDataType.JSON))
			.satisfies((ex) -> assertThat(ex.getViolation()).isEqualTo(PeerpyViolation.UNEXPECTED_DATA_TYPE))
			.withMessageContaining("bytes").withMessageContaining("json");

		assertThatExceptionOfType(PeerpyProtocolException.class)
			.isThrownBy(() -> this.reader.read(in(padded("DATA|data_size=1025&data_type=json")), PeerpyDataType.JSON))
			.satisfies((ex) -> assertThat(ex.getViolation()).isEqualTo(PeerpyViolation.PAYLOAD_TOO_LARGE))
			.withMessageContaining("data_size=1025").withMessageContaining("limit of 1024");
	}

	@Test
	void reportsTruncationInHeaderAndPayload() {
		assertThatExceptionOfType(PeerpyProtocolException.class)
			.isThrownBy(() -> this.reader.read(in("DATA|data_size=3"), PeerpyDataType.JSON))
			.withMessageContaining("16 of the 128 header bytes");
		assertThatExceptionOfType(PeerpyProtocolException.class)
			.isThrownBy(() -> this.reader.read(in(padded("DATA|data_size=3&data_type=json") + "ab"), PeerpyDataType.JSON))
			.withMessageContaining("2 of the 3 payload bytes");
	}

	@ParameterizedTest(name = "slices of {0} bytes")
	@ValueSource(ints = { 1, 2, 7, 100, 127 })
	void readsMessagesDeliveredInPartialSlices(int slice) throws IOException {
		byte[] wire = (padded("PING") + padded("DATA|data_size=28&data_type=json") + PAYLOAD + padded("DATA|data_size=0&data_type=json"))
			.getBytes();
		InputStream in = new SlicedInputStream(wire, slice);
		List<PeerpyMessage> messages = new ArrayList<>();

		PeerpyMessage message;
		while ((message = this.reader.read(in, PeerpyDataType.JSON)) != null) {
			messages.add(message);
		}

		assertThat(messages).containsExactly(PeerpyControl.PING, new PeerpyData(PeerpyDataType.JSON, PAYLOAD.getBytes()),
				new PeerpyData(PeerpyDataType.JSON, new byte[0]));
	}

	@Test
	void readsAnswerAsPeerpyDialerDoes() throws IOException {
		assertThat(this.reader.readAnswer(in(padded("ACCEPT")))).isTrue();
		assertThat(this.reader.readAnswer(in(padded("DENY")))).isFalse();
		assertThat(this.reader.readAnswer(in("ACCEPT"))).as("early end").isFalse();
	}

	@Test
	void refusesHeaderOver128BytesOrWithSeparatorInValue() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PeerpyHello("x".repeat(100), PeerpyDataType.JSON, true, false).toBytes())
			.withMessageContaining("more than the limit of 128");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PeerpyHello("a&b", PeerpyDataType.JSON, true, false).toBytes())
			.withMessageContaining("'a&b'");
	}

	@Test
	void wrapsJsonByteForByteAsPythonJsonDumps() throws IOException {
		byte[] python = Base64.getDecoder().decode(PYTHON_JSON);
		PeerpyJsonPayload json = new PeerpyJsonPayload(this.mapper);

		JsonNode value = json.unwrap(python);

		assertThat(json.wrap(value)).asString().isEqualTo(new String(python, StandardCharsets.US_ASCII));
		assertThat(json.wrapJson("{\"hello\":\"world\"}".getBytes())).asString().isEqualTo(PAYLOAD);
		assertThat(json.unwrapJson(PAYLOAD.getBytes())).asString().isEqualTo("{\"hello\":\"world\"}");
	}

	@Test
	void refusesJsonPayloadWithoutDataMember() {
		PeerpyJsonPayload json = new PeerpyJsonPayload(this.mapper);

		assertThatExceptionOfType(PeerpyProtocolException.class).isThrownBy(() -> json.unwrap("[1]".getBytes()))
			.satisfies((ex) -> assertThat(ex.getViolation()).isEqualTo(PeerpyViolation.MALFORMED_JSON))
			.withMessageContaining("'data' member");
		assertThatExceptionOfType(PeerpyProtocolException.class).isThrownBy(() -> json.unwrap("{".getBytes()))
			.withMessageContaining("is not JSON");
	}

	@Test
	void encodesAndParsesDiscoveryDatagrams() throws IOException {
		byte[] ping = PeerpyDiscoveryDatagram.ping(PeerpyAddress.parse("10.233.5.1:1024")).toBytes();
		byte[] pong = PeerpyDiscoveryDatagram.pong(new PeerpyAddress("10.233.5.1", 40001)).toBytes();

		assertThat(ping).asString().isEqualTo(padded("PING|pinger=10.233.5.1:1024"));
		assertThat(pong).asString().isEqualTo(padded("PONG|ponger=10.233.5.1:40001"));
		byte[] unpadded = "PING|pinger=127.0.0.1:1024".getBytes();
		PeerpyDiscoveryDatagram parsed = PeerpyDiscoveryDatagram.parse(unpadded, unpadded.length);
		assertThat(parsed.pong()).isFalse();
		assertThat(parsed.address()).isEqualTo(new PeerpyAddress("127.0.0.1", 1024));
		assertThatExceptionOfType(PeerpyProtocolException.class)
			.isThrownBy(() -> PeerpyDiscoveryDatagram.parse(padded("PONG|ponger=nohost").getBytes(), 128))
			.withMessageContaining("'nohost' is not host:port");
		assertThatExceptionOfType(PeerpyProtocolException.class)
			.isThrownBy(() -> PeerpyDiscoveryDatagram.parse(new byte[600], 600))
			.withMessageContaining("600 bytes").withMessageContaining("limit of 512");
	}

	static String padded(String header) {
		return header + "|".repeat(128 - header.getBytes(StandardCharsets.UTF_8).length);
	}

	private static InputStream in(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
	}

	/** Hands out at most {@code slice} bytes per read, as a socket might. */
	static final class SlicedInputStream extends InputStream {

		private final byte[] data;

		private final int slice;

		private int position;

		SlicedInputStream(byte[] data, int slice) {
			this.data = data;
			this.slice = slice;
		}

		@Override
		public int read() {
			return (this.position < this.data.length) ? this.data[this.position++] & 0xFF : -1;
		}

		@Override
		public int read(byte[] b, int off, int len) {
			if (this.position >= this.data.length) {
				return -1;
			}
			int n = Math.min(Math.min(len, this.slice), this.data.length - this.position);
			System.arraycopy(this.data, this.position, b, off, n);
			this.position += n;
			return n;
		}

	}

}
