package dev.p2p.it;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.p2p.core.PacketExchange;
import dev.p2p.core.PacketExchangeProxyFactory;
import dev.p2p.it.TestPeerApplication.Ack;
import dev.p2p.it.TestPeerApplication.Move;
import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.peer.RemotePacketException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Remote command interfaces: clients from the auto-configured {@link PacketExchangeProxyFactory}
 * calling a peer's ordinary listeners.
 */
class RemoteCommandIntegrationTests {

	interface Robot {

		@PacketExchange("MOVE")
		Ack move(Move move);

		@PacketExchange("MOVE")
		CompletableFuture<Ack> moveLater(Move move);

		@PacketExchange("DELAY")
		String waitFor(String millis);

		@PacketExchange("TEXT")
		void say(String text);

		@PacketExchange("BOOM")
		void explode(String why);

		@PacketExchange("BOOM")
		Void explodeAndWait(String why);

		default Ack moveTwice(Move move) {
			move(move);
			return move(move);
		}

	}

	interface MissingAnnotation {

		@PacketExchange("MOVE")
		Ack move(Move move);

		Ack turn(Move move);

	}

	interface UnknownType {

		@PacketExchange("JUMP")
		Ack jump(Move move);

	}

	interface TwoParameters {

		@PacketExchange("MOVE")
		Ack move(Move move, int speed);

	}

	@Test
	void clientMethodsRequestSendAndWait() throws Exception {
		try (TestPeer robot = TestPeer.start("robot");
				TestPeer control = TestPeer.start("control", "p2p.peers=" + robot.address())) {
			await().until(() -> control.isConnectedTo("robot"));
			Robot client = control.context.getBean(PacketExchangeProxyFactory.class).createClient(Robot.class, "robot");
			assertThat(client.move(new Move("x", 3))).isEqualTo(new Ack("control", 3));
			assertThat(client.moveLater(new Move("y", 4)).get(10, TimeUnit.SECONDS)).isEqualTo(new Ack("control", 4));
			assertThat(client.waitFor("50")).isEqualTo("done-50");
			assertThat(client.moveTwice(new Move("z", 5)).steps()).isEqualTo(5);
			client.say("fire and forget");
			await().until(() -> robot.recorder.texts.contains("fire and forget|15"));
			client.explode("quietly");
			assertThatExceptionOfType(RemotePacketException.class).isThrownBy(() -> client.explodeAndWait("loudly"))
				.withMessageContaining("listener failed on purpose: loudly");
			assertThat(client.toString()).isEqualTo("Robot client of peer 'robot'");
			assertThat(robot.recorder.moves).hasSize(4);
		}
	}

	@Test
	void clientOfAPeerThatIsNotConnectedFailsEachCall() {
		try (TestPeer control = TestPeer.start("control")) {
			Robot client = control.context.getBean(PacketExchangeProxyFactory.class).createClient(Robot.class, "nobody");
			assertThatExceptionOfType(PeerNotConnectedException.class).isThrownBy(() -> client.move(new Move("x", 1)))
				.withMessageContaining("'nobody'");
			assertThat(client.moveLater(new Move("x", 1))).isCompletedExceptionally();
		}
	}

	@Test
	void invalidInterfacesFailWhenTheClientIsCreated() {
		try (TestPeer control = TestPeer.start("control")) {
			PacketExchangeProxyFactory factory = control.context.getBean(PacketExchangeProxyFactory.class);
			assertThatIllegalArgumentException().isThrownBy(() -> factory.createClient(MissingAnnotation.class, "x"))
				.withMessageContaining("MissingAnnotation.turn has no @PacketExchange");
			assertThatIllegalArgumentException().isThrownBy(() -> factory.createClient(UnknownType.class, "x"))
				.withMessageContaining("UnknownType.jump names packet type 'JUMP'");
			assertThatIllegalArgumentException().isThrownBy(() -> factory.createClient(TwoParameters.class, "x"))
				.withMessageContaining("takes 2 parameters");
		}
	}

}
