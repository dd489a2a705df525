package dev.p2p.session;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.p2p.session.EngineFixture.Type;
import dev.p2p.transport.InboundFrames;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;
import dev.p2p.wire.RequestEnvelopes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link FrameIntake} without sockets: envelope frames are paired with the application frame
 * they announce, a peer that breaks the pairing is disconnected, and a request for a frame this
 * node cannot read is answered with an error in its place.
 */
class FrameIntakeTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final EngineFixture engine = new EngineFixture();

	@AfterEach
	void stop() {
		this.engine.close();
	}

	@Test
	void aRequestReachesTheListenerWithTheFrameItAnnouncesAndAPlainFrameAfterItDoesNot() {
		MemoryConnection connection = this.engine.open(40021);
		this.engine.receive(connection, RequestEnvelopes.request(5, code(Type.FIRST)),
				this.engine.packet(Type.FIRST, "ask"), this.engine.packet(Type.SECOND, "plain"));
		await().atMost(WAIT).until(() -> this.engine.deliveries.size() == 2);
		assertThat(this.engine.deliveries.get(0).packet().request()).isTrue();
		assertThat(new String(this.engine.deliveries.get(0).packet().payload())).isEqualTo("ask");
		assertThat(this.engine.deliveries.get(1).packet().request()).isFalse();
		assertThat(connection.isOpen()).isTrue();
	}

	@Test
	void twoRequestsBeforeTheFrameTheFirstAnnouncedCloseTheConnection() {
		MemoryConnection connection = this.engine.open(40022);
		this.engine.receive(connection, RequestEnvelopes.request(1, code(Type.FIRST)),
				RequestEnvelopes.request(2, code(Type.FIRST)), this.engine.packet(Type.FIRST, "late"));
		assertThat(connection.isOpen()).isFalse();
		assertThat(this.engine.deliveries).isEmpty();
	}

	@Test
	void aRequestIdStillBeingServedCannotBeReused() {
		MemoryConnection connection = this.engine.open(40023);
		this.engine.receive(connection, RequestEnvelopes.request(7, code(Type.FIRST)),
				this.engine.packet(Type.FIRST, "first"));
		await().atMost(WAIT).until(() -> this.engine.deliveries.size() == 1);
		this.engine.receive(connection, RequestEnvelopes.request(7, code(Type.FIRST)),
				this.engine.packet(Type.FIRST, "again"));
		assertThat(connection.isOpen()).isFalse();
		assertThat(this.engine.deliveries).hasSize(1);
	}

	@Test
	void aRequestForATypeThisNodeDoesNotKnowIsAnsweredWithAnErrorAndTheSessionGoesOn() {
		MemoryConnection connection = this.engine.open(40024);
		InboundFrames frames = new InboundFrames();
		frames.onFrame(RequestEnvelopes.request(9, 99));
		frames.onUnknownType(99, 3);
		frames.onFrame(this.engine.packet(Type.SECOND, "next"));
		this.engine.context.lifecycle().framesReceived(connection, frames);
		await().atMost(WAIT).until(() -> !connection.written.isEmpty() && this.engine.deliveries.size() == 1);
		Frame error = connection.written.get(0);
		assertThat(error.type()).isEqualTo(ControlCode.ERROR);
		assertThat(RequestEnvelopes.idOf(error.payload())).isEqualTo(9);
		assertThat(RequestEnvelopes.errorType(error.payload())).isEqualTo("UnknownType");
		assertThat(this.engine.deliveries.get(0).packet().request()).as("the REQUEST ended with the skipped frame")
			.isFalse();
		assertThat(connection.isOpen()).isTrue();
	}

	@Test
	void aRequestThatAnnouncesAnotherTypeIsRefusedAndItsFrameHandledAsAPlainPacket() {
		MemoryConnection connection = this.engine.open(40025);
		this.engine.receive(connection, RequestEnvelopes.request(4, code(Type.FIRST)),
				this.engine.packet(Type.SECOND, "other"));
		await().atMost(WAIT).until(() -> !connection.written.isEmpty() && this.engine.deliveries.size() == 1);
		assertThat(RequestEnvelopes.errorType(connection.written.get(0).payload())).isEqualTo("MalformedRequest");
		assertThat(this.engine.deliveries.get(0).packet().request()).isFalse();
		assertThat(connection.isOpen()).isTrue();
	}

	private int code(Type type) {
		return this.engine.packetTypes.codeOf(type);
	}

}
