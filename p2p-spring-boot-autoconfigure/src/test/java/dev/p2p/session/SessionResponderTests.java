package dev.p2p.session;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.p2p.session.EngineFixture.Type;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;
import dev.p2p.wire.RequestEnvelopes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link SessionResponder} without sockets: a request is answered once, whichever answer comes
 * first (a reply, an error, or the empty reply of {@code complete}).
 */
class SessionResponderTests {

	private final EngineFixture engine = new EngineFixture();

	@AfterEach
	void stop() {
		this.engine.close();
	}

	@Test
	void theFirstReplyWinsAndLaterAnswersAreDropped() throws Exception {
		MemoryConnection connection = this.engine.open(40011);
		PacketResponder responder = request(connection, 7);
		responder.reply(Type.SECOND, "first".getBytes());
		responder.reply(Type.SECOND, "second".getBytes());
		responder.replyError("Late", "too late");
		responder.complete();
		await().atMost(Duration.ofSeconds(5)).until(() -> connection.written.size() >= 2);
		// give a wrongly sent second answer the chance to be written before asserting there is none
		((DefaultPeerSession) connection.attachment()).outbox.awaitSent(1_000_000_000L);
		assertThat(connection.written).hasSize(2);
		assertThat(connection.written.get(0).type()).isEqualTo(ControlCode.REPLY);
		assertThat(RequestEnvelopes.idOf(connection.written.get(0).payload())).isEqualTo(7);
		assertThat(new String(connection.written.get(1).payload())).isEqualTo("first");
	}

	@Test
	void anErrorFirstIsTheAnswer() throws Exception {
		MemoryConnection connection = this.engine.open(40012);
		PacketResponder responder = request(connection, 8);
		responder.replyError("IllegalStateException", "no");
		responder.reply(Type.SECOND, "ignored".getBytes());
		await().atMost(Duration.ofSeconds(5)).until(() -> !connection.written.isEmpty());
		((DefaultPeerSession) connection.attachment()).outbox.awaitSent(1_000_000_000L);
		assertThat(connection.written).hasSize(1);
		Frame error = connection.written.get(0);
		assertThat(error.type()).isEqualTo(ControlCode.ERROR);
		assertThat(RequestEnvelopes.idOf(error.payload())).isEqualTo(8);
		assertThat(RequestEnvelopes.errorType(error.payload())).isEqualTo("IllegalStateException");
		assertThat(RequestEnvelopes.errorMessage(error.payload())).isEqualTo("no");
	}

	@Test
	void completeWithoutAReplySendsAnEmptyReplyOnce() throws Exception {
		MemoryConnection connection = this.engine.open(40013);
		PacketResponder responder = request(connection, 9);
		responder.complete();
		responder.complete();
		await().atMost(Duration.ofSeconds(5)).until(() -> !connection.written.isEmpty());
		((DefaultPeerSession) connection.attachment()).outbox.awaitSent(1_000_000_000L);
		assertThat(connection.written).hasSize(1);
		assertThat(connection.written.get(0).type()).isEqualTo(ControlCode.REPLY);
		assertThat(RequestEnvelopes.replyFrameFollows(connection.written.get(0).payload())).isFalse();
	}

	private PacketResponder request(MemoryConnection connection, int id) {
		int before = this.engine.deliveries.size();
		this.engine.receive(connection, RequestEnvelopes.request(id, this.engine.packetTypes.codeOf(Type.FIRST)),
				this.engine.packet(Type.FIRST, "ask"));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.engine.deliveries.size() > before);
		return this.engine.deliveries.get(before).responder();
	}

}
