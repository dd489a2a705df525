package dev.p2p.aot;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.javapoet.ClassName;

import dev.p2p.autoconfigure.P2pAutoConfiguration;
import dev.p2p.core.PacketExchange;
import dev.p2p.core.PacketExchangeProxyFactory;
import dev.p2p.core.PacketOperations;
import dev.p2p.listener.PacketListener;
import dev.p2p.packet.PacketReply;
import dev.p2p.peer.PeerAddress;
import dev.p2p.node.PeerNode;
import dev.p2p.peer.PeerSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AOT engine on a small application: the runtime hints it generates cover what the node
 * does by reflection in a native image (listener methods, payload and reply types, the
 * packet-type enum, the JDK proxies of exchange clients), and the generated initializer
 * starts a node on the JVM that answers a real peer.
 */
@CompileWithForkedClassLoader
class P2pAotTests {

	@Test
	void hintsCoverListenersPayloadsPacketTypesAndExchangeProxies() {
		TestGenerationContext generation = new TestGenerationContext();
		new ApplicationContextAotGenerator().processAheadOfTime(application("aot-hints"), generation);
		RuntimeHints hints = generation.getRuntimeHints();

		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(RobotListener.class, "move"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(RobotListener.class, "stop"))
			.accepts(hints);
		// JSON needs the payload records' constructors and accessors, nested types included
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Move.class, "steps")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Speed.class, "value")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Ack.class, "done")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Reason.class)).accepts(hints);
		// the node's own argument types are not payloads
		assertThat(RuntimeHintsPredicates.reflection().onType(PeerSession.class)).rejects(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(PacketReply.class)).rejects(hints);

		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(RobotPacketType.class, "values"))
			.accepts(hints);

		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(RobotClient.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(RobotClient.class, "move")).rejects(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(RobotClient.class)).accepts(hints);
	}

	@Test
	@SuppressWarnings("unchecked")
	void theGeneratedInitializerStartsANodeThatAnswersAPeer() {
		TestGenerationContext generation = new TestGenerationContext();
		ClassName initializer = new ApplicationContextAotGenerator().processAheadOfTime(application("aot-node"),
				generation);
		generation.writeGeneratedContent();
		TestCompiler.forSystem().with(generation).compile((compiled) -> {
			try (GenericApplicationContext aot = new GenericApplicationContext();
					GenericApplicationContext peer = application("peer")) {
				properties(aot, "aot-node");
				compiled.getInstance(ApplicationContextInitializer.class, initializer.reflectionName())
					.initialize(aot);
				aot.refresh();
				PeerNode node = aot.getBean(PeerNode.class);
				// the template keeps its generic type in the generated code
				assertThat(aot.getBeanNamesForType(
						ResolvableType.forClassWithGenerics(PacketOperations.class, RobotPacketType.class)))
					.containsExactly("p2pPacketTemplate");
				assertThat(aot.getBeanNamesForType(
						ResolvableType.forClassWithGenerics(PacketOperations.class, Reason.class)))
					.isEmpty();

				peer.refresh();
				peer.getBean(PeerNode.class).connect(PeerAddress.of(node.getBoundAddress())).join();
				RobotClient client = peer.getBean(PacketExchangeProxyFactory.class)
					.createClient(RobotClient.class, "aot-node");
				assertThat(client.move(new Move(3, new Speed(2.5)))).isEqualTo(new Ack(true, "moved 3 at 2.5"));
			}
		});
	}

	private static GenericApplicationContext application(String nodeId) {
		GenericApplicationContext context = new GenericApplicationContext();
		AnnotationConfigUtils.registerAnnotationConfigProcessors(context);
		context.registerBean(RobotApplication.class);
		properties(context, nodeId);
		return context;
	}

	private static void properties(GenericApplicationContext context, String nodeId) {
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test",
					Map.of("p2p.node-id", nodeId, "p2p.server.port", "0", "p2p.server.address", "127.0.0.1",
							"p2p.packet-types", RobotPacketType.class.getName())));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(P2pAutoConfiguration.class)
	@Import(RobotListener.class)
	static class RobotApplication {

		@Bean
		RobotClient robotClient(PacketExchangeProxyFactory clients) {
			return clients.createClient(RobotClient.class, "robot");
		}

	}

	public enum RobotPacketType {

		MOVE, ACK, STOP

	}

	public record Speed(double value) {
	}

	public record Move(int steps, Speed speed) {
	}

	public record Ack(boolean done, String text) {
	}

	public enum Reason {

		DONE, ABORTED

	}

	public interface RobotClient {

		@PacketExchange("MOVE")
		Ack move(Move move);

		@PacketExchange("STOP")
		CompletableFuture<Void> stop(Reason reason);

	}

	public static class RobotListener {

		@PacketListener(value = "MOVE", replyType = "ACK")
		public Ack move(Move move, PeerSession from) {
			return new Ack(true, "moved " + move.steps() + " at " + move.speed().value());
		}

		@PacketListener("STOP")
		public PacketReply stop(Reason reason) {
			return null;
		}

	}

}
