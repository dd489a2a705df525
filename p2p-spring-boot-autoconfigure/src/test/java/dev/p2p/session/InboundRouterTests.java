package dev.p2p.session;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.p2p.session.EngineFixture.Type;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.RequestEnvelopes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link InboundRouter} without sockets: each REQUEST envelope pairs with the frame right after
 * it, plain packets in between stay plain, and order is kept.
 */
class InboundRouterTests {

	private final EngineFixture engine = new EngineFixture();

	@AfterEach
	void stop() {
		this.engine.close();
	}

	@Test
	void eachRequestEnvelopePairsWithTheFrameAfterIt() {
		MemoryConnection connection = this.engine.open(40001);
		int first = this.engine.packetTypes.codeOf(Type.FIRST);
		int third = this.engine.packetTypes.codeOf(Type.THIRD);
		this.engine.receive(connection, RequestEnvelopes.request(1, first), this.engine.packet(Type.FIRST, "a"),
				this.engine.packet(Type.SECOND, "b"), RequestEnvelopes.request(2, third),
				this.engine.packet(Type.THIRD, "c"));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.engine.deliveries.size() == 3);
		assertThat(this.engine.deliveries).extracting((delivery) -> (Object) delivery.packet().type())
			.containsExactly(Type.FIRST, Type.SECOND, Type.THIRD);
		assertThat(this.engine.deliveries).extracting((delivery) -> delivery.packet().request())
			.containsExactly(true, false, true);
		assertThat(this.engine.deliveries).extracting((delivery) -> new String(delivery.packet().payload()))
			.containsExactly("a", "b", "c");
	}

	@Test
	void anAnswerGoesToTheRequestItCameIn() {
		MemoryConnection connection = this.engine.open(40002);
		int first = this.engine.packetTypes.codeOf(Type.FIRST);
		this.engine.receive(connection, RequestEnvelopes.request(41, first), this.engine.packet(Type.FIRST, "a"),
				RequestEnvelopes.request(42, first), this.engine.packet(Type.FIRST, "b"));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.engine.deliveries.size() == 2);
		this.engine.deliveries.get(1).responder().reply(Type.SECOND, "to b".getBytes());
		await().atMost(Duration.ofSeconds(5)).until(() -> connection.written.size() == 2);
		assertThat(connection.written.get(0).type()).isEqualTo(ControlCode.REPLY);
		assertThat(RequestEnvelopes.idOf(connection.written.get(0).payload())).isEqualTo(42);
		assertThat(new String(connection.written.get(1).payload())).isEqualTo("to b");
	}

	@Test
	void aPacketWithoutEnvelopeIsPlainAndItsRepliesArePacketsOfTheirOwn() {
		MemoryConnection connection = this.engine.open(40003);
		this.engine.receive(connection, this.engine.packet(Type.SECOND, "plain"));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.engine.deliveries.size() == 1);
		assertThat(this.engine.deliveries.get(0).packet().request()).isFalse();
		assertThat(this.engine.deliveries.get(0).packet().traceFields()).isEmpty();
		PacketResponder responder = this.engine.deliveries.get(0).responder();
		responder.reply(Type.THIRD, "one".getBytes());
		responder.reply(Type.THIRD, "two".getBytes());
		await().atMost(Duration.ofSeconds(5)).until(() -> connection.written.size() == 2);
		assertThat(connection.written).extracting((frame) -> new String(frame.payload()))
			.containsExactly("one", "two");
	}

}
