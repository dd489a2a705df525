package dev.p2p.sample;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.aot.AotDetector;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.SpringProperties;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.javapoet.ClassName;

import dev.p2p.node.PeerNode;
import dev.p2p.test.TestPeer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample in AOT mode on the JVM, as {@code spring-boot-maven-plugin}'s {@code process-aot}
 * and {@code -Dspring.aot.enabled=true} run it: the AOT engine processes the application as
 * Spring Boot prepares it, the generated code is compiled, and {@link SpringApplication} starts
 * from the generated initializer; a peer then talks to its node. The test runs in a class loader
 * of its own, so that generated code in Spring Boot's packages can reach their package-private
 * types, as it does when compiled into the application.
 */
@CompileWithForkedClassLoader
class SampleAotTests {

	private static final String[] ARGUMENTS = { "--p2p.node-id=aot-sample", "--p2p.server.port=0",
			"--p2p.server.address=127.0.0.1", "--spring.main.banner-mode=off" };

	@Test
	void theSampleStartsFromItsAotInitializerAndAnswersAPeer() {
		TestGenerationContext generation = new TestGenerationContext(SampleApplication.class);
		ClassName initializer = new ApplicationContextAotGenerator().processAheadOfTime(preparedContext(), generation);
		assertThat(initializer.reflectionName())
			.isEqualTo(SampleApplication.class.getName() + "__ApplicationContextInitializer");
		generation.writeGeneratedContent();
		TestCompiler.forSystem().with(generation).compile((compiled) -> {
			ConfigurableApplicationContext context = runInAotMode();
			try (context) {
				PeerNode node = context.getBean(PeerNode.class);
				assertThat(node.getNodeId()).isEqualTo("aot-sample");
				// defined by generated code (an instance supplier), not by reflecting on @Bean methods
				assertThat(((RootBeanDefinition) context.getBeanFactory().getMergedBeanDefinition("p2pPeerNode"))
					.getInstanceSupplier()).isNotNull();
				try (TestPeer peer = TestPeer.connectTo(context)) {
					peer.send(PacketType.COMMAND1, "Hello!".getBytes(StandardCharsets.UTF_8));
					byte[] answer = peer.expect(PacketType.COMMAND2, byte[].class)
						.within(Duration.ofSeconds(10))
						.payload();
					assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo("Hello back!");
				}
			}
		});
	}

	/**
	 * The application context as Spring Boot prepares it, not refreshed: what {@code process-aot}
	 * hands the AOT engine (it stops the run the same way).
	 */
	private static GenericApplicationContext preparedContext() {
		SpringApplication application = application();
		try {
			SpringApplication.withHook((app) -> new SpringApplicationRunListener() {

				@Override
				public void contextLoaded(ConfigurableApplicationContext context) {
					throw new SpringApplication.AbandonedRunException(context);
				}

			}, () -> application.run(ARGUMENTS));
		}
		catch (SpringApplication.AbandonedRunException ex) {
			return (GenericApplicationContext) ex.getApplicationContext();
		}
		throw new IllegalStateException("The run was not abandoned after the context was loaded");
	}

	/** Start with {@code spring.aot.enabled=true}: from the generated initializer, not the classes. */
	private static ConfigurableApplicationContext runInAotMode() {
		SpringProperties.setProperty(AotDetector.AOT_ENABLED, "true");
		try {
			assertThat(AotDetector.useGeneratedArtifacts()).isTrue();
			return application().run(ARGUMENTS);
		}
		finally {
			SpringProperties.setProperty(AotDetector.AOT_ENABLED, null);
		}
	}

	private static SpringApplication application() {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		// the generated initializer is looked up by the main class's name
		application.setMainApplicationClass(SampleApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application;
	}

}
