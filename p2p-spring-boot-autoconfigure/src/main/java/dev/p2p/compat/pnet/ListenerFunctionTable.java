package dev.p2p.compat.pnet;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.p2p.event.RejectionReason;
import dev.p2p.node.PeerNode;
import dev.p2p.packet.PacketCodec;
import dev.p2p.packet.PacketCodecs;
import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.peer.PeerSession;
import dev.p2p.session.PacketResponder;

/**
 * The node's {@code @PacketListener}s as CommandNode functions: a function is the packet type
 * of the same name (case-insensitive) that has packet listeners (stream listeners cannot take a
 * call). A call's arguments become the
 * packet's payload as the type's codec reads it (one argument: that value; several: the
 * array; for the {@code bytes} and {@code string} codecs a text argument is its UTF-8 text),
 * the packet goes through the node's listener dispatch (observations, metrics, error handling),
 * and the first reply is the function's value (JSON for the {@code json} codec, else text).
 */
final class ListenerFunctionTable implements PnetFunctionTable {

	private final PeerNode node;

	private final PacketTypeRegistry packetTypes;

	private final PacketCodecs codecs;

	private final JsonMapper mapper;

	private final Duration timeout;

	private final Predicate<Enum<?>> takesPackets;

	/** The connection that ends the call in progress on this thread (its caller's address). */
	private final ThreadLocal<InetSocketAddress[]> connection = new ThreadLocal<>();

	ListenerFunctionTable(PeerNode node, PacketTypeRegistry packetTypes, PacketCodecs codecs, JsonMapper mapper,
			Duration timeout, Predicate<Enum<?>> takesPackets) {
		this.node = node;
		this.packetTypes = packetTypes;
		this.codecs = codecs;
		this.mapper = mapper;
		this.timeout = timeout;
		this.takesPackets = takesPackets;
	}

	/** Set the addresses of the connection the current thread serves (null to clear). */
	void serving(InetSocketAddress[] addresses) {
		if (addresses == null) {
			this.connection.remove();
		}
		else {
			this.connection.set(addresses);
		}
	}

	/** The addresses set by {@link #serving} on this thread, or {@code null}. */
	InetSocketAddress[] current() {
		return this.connection.get();
	}

	@Override
	public List<String> names() {
		List<String> names = new ArrayList<>();
		for (Enum<?> type : this.packetTypes.types()) {
			if (this.takesPackets.test(type)) {
				names.add(type.name());
			}
		}
		return names;
	}

	@Override
	public boolean contains(String function) {
		return typeOf(function) != null;
	}

	@Override
	public JsonNode invoke(String function, String originator, ArrayNode args, ObjectNode kwargs) throws Exception {
		Enum<?> type = typeOf(function);
		if (type == null) {
			throw new IllegalArgumentException(PnetCommandHandler.NO_SUCH_FUNCTION);
		}
		PacketCodec codec = this.codecs.codecOf(type);
		byte[] payload = payloadOf(codec, args);
		InetSocketAddress[] addresses = this.connection.get();
		InetSocketAddress unknown = new InetSocketAddress(0);
		PeerSession caller = new PnetCallerSession(originator, (addresses != null) ? addresses[0] : unknown,
				(addresses != null) ? addresses[1] : unknown);
		Answer answer = new Answer(caller);
		this.node.attachedSessions().deliver(caller, type, payload, payload.length, answer);
		byte[] reply;
		try {
			reply = answer.result.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("no answer from the listeners of " + type.name() + " within "
					+ this.timeout.toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
		if (reply == null) {
			return this.mapper.nullNode();
		}
		if (answer.replyType != null && isJson(this.codecs.codecOf(answer.replyType))) {
			try {
				return this.mapper.readTree(reply);
			}
			catch (JacksonException ex) {
				throw new IllegalStateException("bad return data");
			}
		}
		return this.mapper.getNodeFactory().textNode(new String(reply, StandardCharsets.UTF_8));
	}

	private byte[] payloadOf(PacketCodec codec, ArrayNode args) {
		JsonNode value = (args.size() == 1) ? args.get(0) : args;
		if (!isJson(codec) && value.isString()) {
			return value.asString().getBytes(StandardCharsets.UTF_8);
		}
		return this.mapper.writeValueAsBytes(value);
	}

	private Enum<?> typeOf(String function) {
		for (Enum<?> type : this.packetTypes.types()) {
			if (type.name().equalsIgnoreCase(function) && this.takesPackets.test(type)) {
				return type;
			}
		}
		return null;
	}

	/** Collects the listeners' first reply (or failure) to a call. */
	private final class Answer implements PacketResponder {

		private final PeerSession caller;

		private final CompletableFuture<byte[]> result = new CompletableFuture<>();

		private volatile Enum<?> replyType;

		Answer(PeerSession caller) {
			this.caller = caller;
		}

		@Override
		public void reply(Enum<?> type, byte[] payload) {
			if (!this.result.isDone()) {
				this.replyType = type;
				this.result.complete(payload);
			}
		}

		@Override
		public void replyError(String exceptionType, String message) {
			this.result.completeExceptionally(new IllegalStateException(message));
		}

		@Override
		public void complete() {
			this.result.complete(null);
		}

		@Override
		public void reject(RejectionReason reason, String detail) {
			ListenerFunctionTable.this.node.attachedSessions().rejected(this.caller.getRemoteAddress(),
					this.caller.getNodeId(), reason, "pnet call: " + detail);
			this.result.completeExceptionally(new IllegalArgumentException(detail));
		}

		@Override
		public void listenerFailed(Enum<?> type, String listener, Throwable exception) {
			ListenerFunctionTable.this.node.attachedSessions().listenerFailed(this.caller, type, listener, exception);
		}

	}

	private static boolean isJson(PacketCodec codec) {
		return "json".equals(codec.name());
	}

}
