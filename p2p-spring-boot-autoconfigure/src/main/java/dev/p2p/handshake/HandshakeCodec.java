package dev.p2p.handshake;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.p2p.peer.PeerIdentity;

/**
 * Reads and writes handshake payloads: small UTF-8 JSON objects (see docs/PROTOCOL.md).
 * Parsing is strict about what it needs (types, lengths, character set of ids) and ignores
 * fields it does not know, so later versions can add fields.
 */
public final class HandshakeCodec {

	/** Longest DENY or BYE reason accepted. */
	public static final int MAX_REASON_LENGTH = 512;

	/** Length of the handshake nonces, in bytes (before base64). */
	public static final int NONCE_LENGTH = 32;

	/** Length of a network-key proof, in bytes (HMAC-SHA256, before base64). */
	public static final int PROOF_LENGTH = 32;

	private static final Base64.Encoder BASE64 = Base64.getEncoder();

	private final JsonMapper mapper = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	/**
	 * Payload of a HELLO or ACCEPT.
	 * @param identity the sender's identity
	 * @return UTF-8 JSON
	 */
	public byte[] writeIdentity(PeerIdentity identity) {
		return writeIdentity(identity, null);
	}

	/**
	 * Payload of a HELLO that carries the dialer's nonce for the network-key proof.
	 * @param identity the sender's identity
	 * @param nonce the dialer's fresh nonce, {@code null} when no network key is set
	 * @return UTF-8 JSON
	 */
	public byte[] writeIdentity(PeerIdentity identity, byte @Nullable [] nonce) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("protocol", identity.protocol());
		json.put("nodeId", identity.nodeId());
		json.put("instanceId", identity.instanceId());
		json.put("networkId", identity.networkId());
		if (identity.listenHost() != null) {
			json.put("listenHost", identity.listenHost());
		}
		json.put("listenPort", identity.listenPort());
		json.put("codec", identity.codec());
		if (nonce != null) {
			json.put("nonce", BASE64.encodeToString(nonce));
		}
		return this.mapper.writeValueAsBytes(json);
	}

	/**
	 * Payload of an ACCEPT that tells the dialer where its connection came from (what a NAT in
	 * between mapped it to): {@code observedHost} and {@code observedPort}, ignored by peers that
	 * do not know them.
	 * @param identity the listener's identity
	 * @param observed the connection's remote address, {@code null} to leave it out (a relayed
	 * connection, whose remote address is the relay's)
	 * @return UTF-8 JSON
	 */
	public byte[] writeAccept(PeerIdentity identity, @Nullable InetSocketAddress observed) {
		byte[] plain = writeIdentity(identity, null);
		if (observed == null || observed.getAddress() == null) {
			return plain;
		}
		ObjectNode json = (ObjectNode) parse(plain);
		json.put("observedHost", observed.getAddress().getHostAddress());
		json.put("observedPort", observed.getPort());
		return this.mapper.writeValueAsBytes(json);
	}

	/**
	 * Add the announcement of acknowledged delivery ({@code "delivery":1}) to a HELLO or ACCEPT
	 * payload; peers that do not know it ignore it.
	 * @param payload UTF-8 JSON of a HELLO or ACCEPT
	 * @return the payload with the field
	 */
	public byte[] withDelivery(byte[] payload) {
		ObjectNode json = (ObjectNode) parse(payload);
		json.put("delivery", 1);
		return this.mapper.writeValueAsBytes(json);
	}

	/**
	 * Whether a HELLO or ACCEPT announces acknowledged delivery; lenient: anything but the
	 * integer 1 means no.
	 * @param payload UTF-8 JSON
	 * @return {@code true} for {@code "delivery":1}
	 */
	public boolean readDelivery(byte[] payload) {
		try {
			JsonNode field = parse(payload).get("delivery");
			return field != null && field.isIntegralNumber() && field.asInt() == 1;
		}
		catch (MalformedHandshakeException ex) {
			return false;
		}
	}

	/**
	 * The address an ACCEPT says the dialer's connection came from; lenient, as it is advice.
	 * @param payload UTF-8 JSON
	 * @return the observed address (a literal IP and a port), or {@code null} if absent or invalid
	 */
	public @Nullable InetSocketAddress readObserved(byte[] payload) {
		try {
			JsonNode json = parse(payload);
			JsonNode host = json.get("observedHost");
			JsonNode port = json.get("observedPort");
			if (host == null || !host.isString() || port == null || !port.canConvertToInt()) {
				return null;
			}
			String literal = host.asString();
			int number = port.asInt();
			if (literal.length() > 64 || number < 1 || number > 65535 || !isIpLiteral(literal)) {
				return null;
			}
			// a literal is parsed, never resolved
			return new InetSocketAddress(InetAddress.getByName(literal), number);
		}
		catch (MalformedHandshakeException | java.net.UnknownHostException ex) {
			return null;
		}
	}

	private static boolean isIpLiteral(String host) {
		return host.indexOf(':') >= 0 ? host.chars().allMatch((c) -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')
				: host.chars().allMatch((c) -> (c >= '0' && c <= '9') || c == '.') && host.chars().filter((c) -> c == '.').count() == 3;
	}

	/**
	 * The dialer's nonce in a HELLO.
	 * @param payload UTF-8 JSON
	 * @return the nonce, or {@code null} if the HELLO has none (the dialer has no network key)
	 * @throws MalformedHandshakeException if the nonce is not {@value #NONCE_LENGTH} bytes in base64
	 */
	public byte @Nullable [] readNonce(byte[] payload) {
		JsonNode json = parse(payload);
		return json.has("nonce") ? bytesField(json, "nonce", NONCE_LENGTH) : null;
	}

	/**
	 * Payload of a CHALLENGE.
	 * @param challenge the listener's node id, nonce and proof
	 * @return UTF-8 JSON
	 */
	public byte[] writeChallenge(Challenge challenge) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("nodeId", challenge.nodeId());
		json.put("nonce", BASE64.encodeToString(challenge.nonce()));
		json.put("proof", BASE64.encodeToString(challenge.proof()));
		return this.mapper.writeValueAsBytes(json);
	}

	/**
	 * Parse a CHALLENGE.
	 * @param payload UTF-8 JSON
	 * @return the challenge
	 * @throws MalformedHandshakeException if it does not parse or breaks a limit
	 */
	public Challenge readChallenge(byte[] payload) {
		JsonNode json = parse(payload);
		return new Challenge(idField(json, "nodeId", true), bytesField(json, "nonce", NONCE_LENGTH),
				bytesField(json, "proof", PROOF_LENGTH));
	}

	/**
	 * Payload of a PROOF.
	 * @param proof the dialer's proof
	 * @return UTF-8 JSON
	 */
	public byte[] writeProof(byte[] proof) {
		return this.mapper.writeValueAsBytes(Map.of("proof", BASE64.encodeToString(proof)));
	}

	/**
	 * Parse a PROOF.
	 * @param payload UTF-8 JSON
	 * @return the dialer's proof
	 * @throws MalformedHandshakeException if it does not parse or is not {@value #PROOF_LENGTH} bytes
	 */
	public byte[] readProof(byte[] payload) {
		return bytesField(parse(payload), "proof", PROOF_LENGTH);
	}

	/**
	 * Parse a HELLO or ACCEPT payload.
	 * @param payload UTF-8 JSON
	 * @return the identity
	 * @throws MalformedHandshakeException if it does not parse or breaks a limit
	 */
	public PeerIdentity readIdentity(byte[] payload) {
		JsonNode json = parse(payload);
		int protocol = intField(json, "protocol", 1, Integer.MAX_VALUE);
		String nodeId = idField(json, "nodeId", true);
		String instanceId = idField(json, "instanceId", true);
		String networkId = idField(json, "networkId", false);
		String listenHost = json.has("listenHost") ? idField(json, "listenHost", false) : null;
		int listenPort = json.has("listenPort") ? intField(json, "listenPort", 0, 65535) : 0;
		String codec = json.has("codec") ? idField(json, "codec", false) : "";
		return new PeerIdentity(protocol, nodeId, instanceId, networkId, listenHost, listenPort, codec);
	}

	/**
	 * Payload of a DENY or BYE.
	 * @param reason why
	 * @param nodeId the sender's node id, may be {@code null}
	 * @param duplicate whether the reason is that the two nodes are connected already
	 * @return UTF-8 JSON
	 */
	public byte[] writeReason(String reason, @Nullable String nodeId, boolean duplicate) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("reason", truncate(reason));
		if (nodeId != null) {
			json.put("nodeId", nodeId);
		}
		if (duplicate) {
			json.put("duplicate", true);
		}
		return this.mapper.writeValueAsBytes(json);
	}

	/**
	 * Node id carried by a DENY or BYE.
	 * @param payload UTF-8 JSON
	 * @return the sender's node id, or {@code null} if absent or invalid
	 */
	public @Nullable String readNodeId(byte[] payload) {
		try {
			JsonNode json = parse(payload);
			return json.has("nodeId") ? idField(json, "nodeId", true) : null;
		}
		catch (MalformedHandshakeException ex) {
			return null;
		}
	}

	/**
	 * Whether a DENY says the nodes are connected already through another connection.
	 * @param payload UTF-8 JSON
	 * @return {@code true} for a duplicate denial
	 */
	public boolean isDuplicate(byte[] payload) {
		try {
			JsonNode duplicate = parse(payload).get("duplicate");
			return duplicate != null && duplicate.isBoolean() && duplicate.asBoolean();
		}
		catch (MalformedHandshakeException ex) {
			return false;
		}
	}

	/**
	 * Reason carried by a DENY or BYE; lenient, as the connection ends anyway.
	 * @param payload UTF-8 JSON
	 * @return the reason, or a description of why it could not be read
	 */
	public String readReason(byte[] payload) {
		try {
			JsonNode json = parse(payload);
			JsonNode reason = json.get("reason");
			return (reason != null && reason.isString()) ? truncate(reason.asString()) : "(no reason given)";
		}
		catch (MalformedHandshakeException ex) {
			return "(unreadable reason: " + ex.getMessage() + ")";
		}
	}

	private JsonNode parse(byte[] payload) {
		JsonNode json;
		try {
			json = this.mapper.readTree(payload);
		}
		catch (JacksonException ex) {
			throw new MalformedHandshakeException("Handshake payload is not JSON: " + ex.getOriginalMessage());
		}
		if (json == null || !json.isObject()) {
			throw new MalformedHandshakeException("Handshake payload must be a JSON object");
		}
		return json;
	}

	private static int intField(JsonNode json, String name, int min, int max) {
		JsonNode node = json.get(name);
		if (node == null || !node.isInt() || node.asInt() < min || node.asInt() > max) {
			throw new MalformedHandshakeException(
					"Handshake field '" + name + "' must be an integer from " + min + " to " + max + ", was " + node);
		}
		return node.asInt();
	}

	private static byte[] bytesField(JsonNode json, String name, int length) {
		JsonNode node = json.get(name);
		if (node == null || !node.isString()) {
			throw new MalformedHandshakeException("Handshake field '" + name + "' must be a base64 string");
		}
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(node.asString());
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedHandshakeException("Handshake field '" + name + "' is not base64: " + ex.getMessage());
		}
		if (bytes.length != length) {
			throw new MalformedHandshakeException(
					"Handshake field '" + name + "' must be " + length + " bytes, was " + bytes.length);
		}
		return bytes;
	}

	private static String idField(JsonNode json, String name, boolean required) {
		JsonNode node = json.get(name);
		if (node == null || !node.isString()) {
			throw new MalformedHandshakeException("Handshake field '" + name + "' must be a string");
		}
		String problem = PeerIds.checkId(node.asString(), required);
		if (problem != null) {
			throw new MalformedHandshakeException("Handshake field '" + name + "' " + problem);
		}
		return node.asString();
	}

	private static String truncate(String reason) {
		return (reason.length() <= MAX_REASON_LENGTH) ? reason : reason.substring(0, MAX_REASON_LENGTH);
	}

}
