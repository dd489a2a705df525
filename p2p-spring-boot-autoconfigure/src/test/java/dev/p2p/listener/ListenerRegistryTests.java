package dev.p2p.listener;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

import dev.p2p.packet.BytesPacketCodec;
import dev.p2p.packet.JsonPacketCodec;
import dev.p2p.packet.PacketCodecs;
import dev.p2p.packet.PacketReply;
import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.packet.StringPacketCodec;
import dev.p2p.peer.PeerSession;
import dev.p2p.stream.StreamInput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The listener registry without a node: what it accepts, where it keeps it, and the message
 * that names the bean, the method and the problem when it refuses.
 */
class ListenerRegistryTests {

	private final PacketTypeRegistry packetTypes = PacketTypeRegistry.of(Type.class);

	private final ListenerRegistry registry = new ListenerRegistry(this.packetTypes,
			new PacketCodecs(this.packetTypes,
					List.of(new BytesPacketCodec(), new StringPacketCodec(), new JsonPacketCodec(new JsonMapper())),
					"json", Map.of("RAW", "bytes")));

	@Test
	void aListenerIsKeptUnderEachOfItsTypesInOrder() {
		register(new Listeners(), "onMove");
		register(new Listeners(), "onEither");
		assertThat(descriptions(Type.MOVE)).containsExactly("bean.onMove", "bean.onEither");
		assertThat(descriptions(Type.RAW)).containsExactly("bean.onEither");
		assertThat(this.registry.hasListener(Type.ACK)).isFalse();
		assertThat(this.registry.listenersOf(Type.ACK)).isEmpty();
	}

	@Test
	void aTypeIsInlineOnlyWhileAllItsListenersAre() {
		register(new Listeners(), "inline");
		assertThat(this.registry.isInline(Type.RAW)).isTrue();
		register(new Listeners(), "onEither");
		assertThat(this.registry.isInline(Type.RAW)).isFalse();
		register(new Listeners(), "inline");
		assertThat(this.registry.isInline(Type.RAW)).isFalse();
		assertThat(this.registry.isInline(Type.MOVE)).isFalse();
	}

	@Test
	void streamListenersAreKeptApartAndOnePerType() {
		register(new Listeners(), "onFile");
		assertThat(this.registry.acceptsStream(Type.FILE)).isTrue();
		assertThat(this.registry.hasListener(Type.FILE)).isTrue();
		assertThat(this.registry.listenersOf(Type.FILE)).isEmpty();
		assertThat(this.registry.streamListenerOf(Type.FILE).description()).isEqualTo("bean.onFile");
		assertThatIllegalStateException().isThrownBy(() -> register(new Listeners(), "onFileToo"))
			.withMessage("@PacketListener method bean.onFileToo takes streams of FILE, and so does bean.onFile: "
					+ "a stream can be read only once");
	}

	@Test
	void aReplyOfAPlainValueNeedsAReplyType() {
		register(new Listeners(), "onMove");
		register(new Listeners(), "later");
		assertThatIllegalStateException().isThrownBy(() -> register(new Bad(), "noReplyType"))
			.withMessage("@PacketListener method bean.noReplyType returns String but names no replyType "
					+ "(return a PacketReply or set replyType)");
	}

	@Test
	void badListenersAreRefusedWithTheirProblem() {
		assertThat(problem("unknownType")).isEqualTo("names packet type 'NOPE', which does not exist: "
				+ problemOfUnknownType());
		assertThat(problem("twoPayloads")).startsWith("has more than one payload parameter (java.lang.String and ");
		assertThat(problem("undecodable")).isEqualTo("takes a dev.p2p.listener.ListenerRegistryTests$Move payload, "
				+ "but RAW uses codec 'bytes', which cannot decode into it");
		assertThat(problem("streamWithReply")).isEqualTo("takes a stream and must return void: streams have no reply");
		assertThat(problem("inlineStream"))
			.isEqualTo("takes a stream and cannot be inline: it reads while chunks arrive");
		assertThat(problem("streamAndPayload")).startsWith("takes a stream, so it cannot also take a String");
		assertThat(problem("noType")).isEqualTo("names no packet type");
		assertThat(Arrays.stream(Type.values()).noneMatch(this.registry::hasListener)).isTrue();
	}

	private String problemOfUnknownType() {
		try {
			this.packetTypes.typeNamed("NOPE");
			throw new AssertionError("NOPE is a type");
		}
		catch (IllegalArgumentException ex) {
			return ex.getMessage();
		}
	}

	private String problem(String method) {
		try {
			register(new Bad(), method);
			throw new AssertionError(method + " was accepted");
		}
		catch (IllegalStateException ex) {
			String prefix = "@PacketListener method bean." + method + " ";
			assertThat(ex.getMessage()).startsWith(prefix);
			return ex.getMessage().substring(prefix.length());
		}
	}

	private List<String> descriptions(Type type) {
		return Arrays.stream(this.registry.listenersOf(type)).map(ListenerMethod::description).toList();
	}

	private void register(Object bean, String name) {
		Method method = Arrays.stream(bean.getClass().getDeclaredMethods())
			.filter((candidate) -> candidate.getName().equals(name))
			.findFirst()
			.orElseThrow();
		ReflectionUtils.makeAccessible(method);
		this.registry.register("bean", bean, method,
				AnnotatedElementUtils.findMergedAnnotation(method, PacketListener.class));
	}

	enum Type {

		MOVE, ACK, RAW, FILE

	}

	record Move(String axis, int steps) {
	}

	static class Listeners {

		@PacketListener(value = "MOVE", replyType = "ACK")
		Move onMove(Move move, PeerSession from) {
			return move;
		}

		@PacketListener({ "MOVE", "RAW" })
		void onEither(Type type) {
		}

		@PacketListener(value = "RAW", inline = true)
		void inline(byte[] payload) {
		}

		@PacketListener("MOVE")
		CompletableFuture<PacketReply> later(Move move) {
			return CompletableFuture.completedFuture(null);
		}

		@PacketListener("FILE")
		void onFile(StreamInput data, PeerSession from) {
		}

		@PacketListener("FILE")
		void onFileToo(InputStream data) {
		}

	}

	static class Bad {

		@PacketListener("MOVE")
		String noReplyType(Move move) {
			return "";
		}

		@PacketListener("NOPE")
		void unknownType(Move move) {
		}

		@PacketListener("MOVE")
		void twoPayloads(String one, Move two) {
		}

		@PacketListener("RAW")
		void undecodable(Move move) {
		}

		@PacketListener("FILE")
		String streamWithReply(InputStream data) {
			return "";
		}

		@PacketListener(value = "FILE", inline = true)
		void inlineStream(InputStream data) {
		}

		@PacketListener("FILE")
		void streamAndPayload(InputStream data, String text) {
		}

		@PacketListener({})
		void noType() {
		}

	}

}
