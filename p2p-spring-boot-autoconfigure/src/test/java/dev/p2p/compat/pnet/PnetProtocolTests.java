package dev.p2p.compat.pnet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for pnet's line, command, chunked and CommandNode codecs against the recorded call of
 * the wire-facts document (B.7).
 */
class PnetProtocolTests {

	/** {@code {"function": "add", "args": [2, 3], "kwargs": {}}} as the recorded part's dt. */
	private static final String CALL_DT = "eyJmdW5jdGlvbiI6ICJhZGQiLCAiYXJncyI6IFsyLCAzXSwgImt3YXJncyI6IHt9fQ~~";

	/** {@code {"type": "success", "value": 5}} as the recorded result part's dt. */
	private static final String ANSWER_DT = "eyJ0eXBlIjogInN1Y2Nlc3MiLCAidmFsdWUiOiA1fQ~~";

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final SecureRandom random = new SecureRandom();

	private final AtomicLong clock = new AtomicLong();

	@Test
	void parsesLinesAsPnetHandlerDoes() throws IOException {
		PnetLine line = PnetLine.parse("lab|msg|abc|pk|END\n");

		assertThat(line).isEqualTo(new PnetLine("lab", "msg", "abc", "pk"));
		assertThat(line.toText()).isEqualTo("lab|msg|abc|pk|END\n");
		assertThat(PnetLine.error("lab", PnetViolation.SECTION_COUNT, "").toText()).isEqualTo("lab|err|ERR_SECTION_COUNT||END\n");
		assertThatExceptionOfType(PnetProtocolException.class).isThrownBy(() -> PnetLine.parse("lab|msg|a|b|c|END"))
			.satisfies((ex) -> assertThat(ex.getViolation().errorCode()).isEqualTo("ERR_SECTION_COUNT"))
			.withMessageContaining("6 sections, not 5");
		assertThatExceptionOfType(PnetProtocolException.class).isThrownBy(() -> PnetLine.parse("lab|msg|a|b|EN"))
			.satisfies((ex) -> assertThat(ex.getViolation().errorCode()).isEqualTo("ERR_PACKET_INCOMPLETE"));
	}

	@Test
	void readsLinesInPiecesAndCapsTheirLength() throws IOException {
		ByteArrayInputStream in = new ByteArrayInputStream("lab|msg|a|b|END\nlab|rsp|c|d|END".getBytes());

		assertThat(PnetLine.readText(in, 64)).isEqualTo("lab|msg|a|b|END\n");
		assertThat(PnetLine.readText(in, 64)).isEqualTo("lab|rsp|c|d|END");
		assertThat(PnetLine.readText(in, 64)).isNull();
		assertThatExceptionOfType(PnetProtocolException.class)
			.isThrownBy(() -> PnetLine.readText(new ByteArrayInputStream(new byte[100]), 64))
			.satisfies((ex) -> assertThat(ex.getViolation()).isEqualTo(PnetViolation.OVERSIZE))
			.withMessageContaining("limit of 64 bytes");
	}

	@Test
	void parsesCommandsAsPnetParseArgs() throws IOException {
		PnetCommand part = PnetCommand.parse("CHUNKED?pt=part&id=b'43PZORaqFOU='&in=0&dt=" + CALL_DT + "&ck=006186f7&og=beta");

		assertThat(part.name()).isEqualTo("CHUNKED");
		assertThat(part.args()).containsEntry("id", "b'43PZORaqFOU").containsEntry("og", "beta").containsEntry("dt", CALL_DT);
		assertThat(new String(PnetBase64.decode(PnetBase64.fromCommandText(CALL_DT), "dt"), StandardCharsets.UTF_8))
			.isEqualTo("{\"function\": \"add\", \"args\": [2, 3], \"kwargs\": {}}");
		assertThat(PnetCommand.of("RESPONSE", "rs", "success").toText()).isEqualTo("RESPONSE?rs=success");
		assertThatExceptionOfType(PnetProtocolException.class).isThrownBy(() -> PnetCommand.parse("CHUNKED?pt"))
			.withMessageContaining("'pt' has no '='");
		assertThatExceptionOfType(PnetProtocolException.class).isThrownBy(() -> PnetCommand.parse("RESPONSE"))
			.withMessageContaining("is not NAME?k=v");
	}

	@Test
	void writesCommandNodeBodiesByteForByteAsPython() throws IOException {
		ArrayNode args = this.mapper.createArrayNode().add(2).add(3);
		CommandCall call = new CommandCall("add", args, this.mapper.createObjectNode());

		assertThat(PnetBase64.toCommandText(PnetBase64.encode(call.toJson(this.mapper)))).isEqualTo(CALL_DT);
		assertThat(PnetBase64.toCommandText(PnetBase64.encode(CommandAnswer.success(this.mapper.getNodeFactory().numberNode(5))
			.toJson(this.mapper)))).isEqualTo(ANSWER_DT);
		assertThat(CommandAnswer.error("bad json data").toJson(this.mapper)).asString()
			.isEqualTo("{\"type\": \"error\", \"description\": \"bad json data\"}");
	}

	@Test
	void servesTheRecordedCallThroughTheChunkedFlow() throws IOException {
		PnetChunkedServer server = server();

		PnetCommand initiated = server.handle(PnetCommand.parse("CHUNKED?pt=initiator&ln=1&id=b'43PZORaqFOU='&og=beta&fn=handle"));
		String base64 = PnetBase64.fromCommandText(CALL_DT);
		String ck = PnetChunks.partChecksum(base64);
		PnetCommand part = server.handle(PnetCommand.of("CHUNKED", "pt", "part", "id", "b'43PZORaqFOU", "in", "0", "dt", CALL_DT,
				"ck", ck, "og", "beta"));
		PnetCommand end = server.handle(PnetCommand.of("CHUNKED", "pt", "end", "og", "beta", "ck",
				PnetChunks.endChecksum(List.of(ck)), "id", "b'43PZORaqFOU"));
		String rid = end.require("id");
		PnetCommand first = server.handle(PnetCommand.of("CHUNKED_REQUEST", "pt", "part", "id", rid, "in", "0"));
		PnetCommand last = server.handle(PnetCommand.of("CHUNKED_REQUEST", "pt", "part", "id", rid, "in", "1"));

		assertThat(initiated.toText()).isEqualTo("RESPONSE?rs=success");
		assertThat(part.toText()).isEqualTo("RESPONSE?rs=success");
		assertThat(end.toText()).startsWith("CHUNKED_RESPONSE?rs=success&ln=1&og=alpha&id=");
		assertThat(rid).hasSize(11).doesNotContain("=", "&", "?");
		assertThat(first.args()).containsEntry("pt", "part").containsEntry("dt", ANSWER_DT)
			.containsEntry("ck", PnetChunks.partChecksum(PnetBase64.fromCommandText(ANSWER_DT)));
		assertThat(last.toText()).isEqualTo("CHUNKED_RESPONSE?pt=end&ck="
				+ PnetChunks.endChecksum(List.of(first.require("ck"))));
		assertThat(server.transfersInProgress()).isZero();
	}

	@Test
	void answersPnetErrorsInsideTheProtocol() throws IOException {
		PnetChunkedServer server = server();

		assertThat(server.handle(PnetCommand.parse("CHUNKED?pt=initiator&ln=1&id=x&og=b&fn=nope")).toText())
			.isEqualTo("ERROR?rs=unknown function");
		assertThat(server.handle(PnetCommand.parse("CHUNKED?pt=part&id=x&in=0&dt=YQ~~&ck=0&og=b")).toText())
			.isEqualTo("ERROR?rs=wrong id");
		server.handle(PnetCommand.parse("CHUNKED?pt=initiator&ln=1&id=x&og=b&fn=handle"));
		assertThat(server.handle(PnetCommand.parse("CHUNKED?pt=part&id=x&in=0&dt=YQ~~&ck=0&og=b")).toText())
			.isEqualTo("ERROR?rs=checksum error");
		assertThat(server.handle(PnetCommand.parse("CHUNKED_REQUEST?pt=part&id=zzz&in=0")).toText())
			.isEqualTo("ERROR?rs=wrong id");
		assertThat(server.handle(PnetCommand.parse("FOO?a=b")).toText()).isEqualTo("ERROR?rs=unknown command");
	}

	@Test
	void boundsTransfersInCountSizeAndTime() throws IOException {
		PnetChunkedServer server = new PnetChunkedServer("alpha", Map.of("handle", (og, data) -> data), 2, 4,
				Duration.ofSeconds(10), this.clock::get, this.random);
		server.handle(PnetCommand.parse("CHUNKED?pt=initiator&ln=1&id=a&og=b&fn=handle"));
		server.handle(PnetCommand.parse("CHUNKED?pt=initiator&ln=1&id=b&og=b&fn=handle"));

		assertThatExceptionOfType(PnetProtocolException.class)
			.isThrownBy(() -> server.handle(PnetCommand.parse("CHUNKED?pt=initiator&ln=1&id=c&og=b&fn=handle")))
			.withMessageContaining("2 transfers in progress, the limit is 2");
		String big = PnetBase64.encode("12345");
		assertThatExceptionOfType(PnetProtocolException.class)
			.isThrownBy(() -> server.handle(PnetCommand.of("CHUNKED", "pt", "part", "id", "a", "in", "0", "dt",
					PnetBase64.toCommandText(big), "ck", PnetChunks.partChecksum(big), "og", "b")))
			.withMessageContaining("5 bytes, more than the limit of 4");
		this.clock.addAndGet(Duration.ofSeconds(11).toNanos());
		assertThat(server.handle(PnetCommand.parse("CHUNKED?pt=initiator&ln=1&id=c&og=b&fn=handle")).toText())
			.isEqualTo("RESPONSE?rs=success");
		assertThat(server.transfersInProgress()).isOne();
	}

	@Test
	void clientAndServerCompleteACommandNodeCallWithBuiltIns() throws IOException {
		PnetChunkedServer server = server();
		PnetChunkedClient client = new PnetChunkedClient("beta", 1 << 20, this.random);
		PnetExchange exchange = server::handle;
		byte[] big = ("{\"function\": \"echo\", \"args\": [\"" + "x".repeat(40000) + "\"], \"kwargs\": {}}").getBytes();

		JsonNode funcs = answer(client.call(exchange, "handle", body("get_funcs")));
		JsonNode peers = answer(client.call(exchange, "handle", body("get_peers")));
		JsonNode echoed = answer(client.call(exchange, "handle", big));
		CommandAnswer missing = CommandAnswer.parse(client.call(exchange, "handle", body("nope")), this.mapper);
		CommandAnswer failing = CommandAnswer.parse(client.call(exchange, "handle", body("fail")), this.mapper);

		assertThat(funcs.toString()).isEqualTo("[\"get_peers\",\"get_funcs\",\"add\",\"echo\",\"fail\"]");
		assertThat(peers.toString()).isEqualTo("[\"gamma\"]");
		assertThat(echoed.asString()).hasSize(40000);
		assertThat(missing.description()).isEqualTo("function does not exist on node");
		assertThat(failing.description()).isEqualTo("boom");
		assertThat(server.transfersInProgress()).isZero();
	}

	@Test
	void readsKeyedAdvertRecordedFromPython() throws IOException {
		PnetNetworkLayer keyed = new PnetNetworkLayer(PythonVectors.get("NETKEY"), this.random);
		PnetLine line = PnetLine.parse(PythonVectors.get("ADV_KEYED"));

		PnetAdvert advert = PnetAdvert.fromLine(line, "lab", keyed);

		assertThat(advert.name()).isEqualTo("beta");
		assertThat(advert.host()).isEqualTo("127.0.0.1");
		assertThat(advert.port()).isEqualTo(43002);
		assertThat(PnetPublicKeys.toField(advert.publicKey())).isEqualTo(PythonVectors.get("BETA_PK"));
		assertThatExceptionOfType(PnetProtocolException.class)
			.isThrownBy(() -> PnetAdvert.fromLine(line, "other", keyed))
			.satisfies((ex) -> assertThat(ex.getViolation()).isEqualTo(PnetViolation.WRONG_NETWORK));
	}

	@Test
	void writesUnkeyedAdvertAndRefusesBadAddresses() throws Exception {
		PnetNetworkLayer unkeyed = new PnetNetworkLayer(null, this.random);
		PnetAdvert advert = new PnetAdvert("alpha", "localhost", 3333,
				(java.security.interfaces.RSAPublicKey) PythonVectors.alphaKeys().getPublic());

		PnetLine line = advert.toLine("lab", unkeyed);

		assertThat(line.toText()).startsWith("lab|adv|alpha@localhost:3333|LS0tLS1CRUdJTiBSU0EgUFVCTElDIEtFWS0tLS0t")
			.endsWith("|END\n");
		assertThat(PnetAdvert.lines(line.toBytes(), line.toBytes().length)).containsExactly(line.toText().strip());
		assertThat(PnetAdvert.fromLine(line, "lab", unkeyed)).isEqualTo(advert);
		PnetLine badIp = new PnetLine("lab", "adv", "x@300.1.1.1:1", line.pk());
		assertThatExceptionOfType(PnetProtocolException.class).isThrownBy(() -> PnetAdvert.fromLine(badIp, "lab", unkeyed))
			.withMessageContaining("'300.1.1.1:1' is neither IPv4:port nor localhost:port");
		PnetLine twoAts = new PnetLine("lab", "adv", "a@b@1.2.3.4:5", line.pk());
		assertThatExceptionOfType(PnetProtocolException.class).isThrownBy(() -> PnetAdvert.fromLine(twoAts, "lab", unkeyed))
			.satisfies((ex) -> assertThat(ex.getViolation()).isEqualTo(PnetViolation.INVALID_FORMAT));
	}

	private PnetChunkedServer server() {
		PnetFunctionTable table = new PnetFunctionTable() {
			@Override
			public List<String> names() {
				return List.of("add", "echo", "fail");
			}

			@Override
			public boolean contains(String function) {
				return names().contains(function);
			}

			@Override
			public JsonNode invoke(String function, String originator, ArrayNode args, ObjectNode kwargs) {
				return switch (function) {
					case "add" -> PnetProtocolTests.this.mapper.getNodeFactory().numberNode(args.get(0).asInt() + args.get(1).asInt());
					case "echo" -> args.get(0);
					default -> throw new IllegalStateException("boom");
				};
			}
		};
		PnetCommandHandler handler = new PnetCommandHandler(table, () -> List.of("gamma"), this.mapper);
		return new PnetChunkedServer("alpha", Map.of(PnetCommandHandler.FUNCTION, handler), 16, 1 << 20,
				Duration.ofSeconds(30), this.clock::get, this.random);
	}

	private byte[] body(String function) {
		return new CommandCall(function, this.mapper.createArrayNode(), this.mapper.createObjectNode()).toJson(this.mapper);
	}

	private JsonNode answer(byte[] json) throws PnetProtocolException {
		CommandAnswer answer = CommandAnswer.parse(json, this.mapper);
		assertThat(answer.isSuccess()).as(answer.toString()).isTrue();
		return answer.value();
	}

}
