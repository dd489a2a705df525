package dev.p2p.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.UnsatisfiedDependencyException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;

import dev.p2p.core.PacketOperations;
import dev.p2p.core.PacketTemplate;
import dev.p2p.node.PeerNode;
import dev.p2p.packet.NoPacketTypes;
import dev.p2p.packet.PacketCodecs;
import dev.p2p.packet.PacketTypeRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configured template is typed by {@code p2p.packet-types}: it injects where the
 * application asks for {@code PacketOperations<ItsEnum>} and nowhere else.
 */
class PacketOperationsInjectionTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class))
		.withPropertyValues("p2p.server.port=0", "p2p.server.address=127.0.0.1");

	@Test
	void operationsOfThePacketEnumInject() {
		this.contextRunner.withPropertyValues("p2p.packet-types=" + MyPacket.class.getName())
			.withUserConfiguration(MyPacketUser.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(MyPacketUser.class).packets).isSameAs(context.getBean(PacketTemplate.class));
				assertThat(context.getBeanNamesForType(
						ResolvableType.forClassWithGenerics(PacketOperations.class, MyPacket.class)))
					.containsExactly("p2pPacketTemplate");
			});
	}

	@Test
	void operationsOfAnotherEnumDoNotInject() {
		this.contextRunner.withPropertyValues("p2p.packet-types=" + MyPacket.class.getName())
			.withUserConfiguration(OtherPacketUser.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context).getFailure()
					.isInstanceOf(UnsatisfiedDependencyException.class)
					.rootCause()
					.isInstanceOf(NoSuchBeanDefinitionException.class)
					.hasMessageContaining(PacketOperations.class.getName() + "<" + OtherPacket.class.getName() + ">");
			});
	}

	@Test
	void withoutPacketTypesTheTemplateIsTypedByTheStandIn() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBeanNamesForType(
					ResolvableType.forClassWithGenerics(PacketOperations.class, NoPacketTypes.class)))
				.containsExactly("p2pPacketTemplate");
			assertThat(context.getBeanNamesForType(
					ResolvableType.forClassWithGenerics(PacketOperations.class, MyPacket.class)))
				.isEmpty();
		});
	}

	@Test
	void aTypedUserTemplateReplacesTheAutoConfiguredOneAndInjects() {
		this.contextRunner.withPropertyValues("p2p.packet-types=" + MyPacket.class.getName())
			.withUserConfiguration(UserTemplate.class, MyPacketUser.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean("p2pPacketTemplate");
				assertThat(context.getBean(MyPacketUser.class).packets).isSameAs(context.getBean("userTemplate"));
			});
	}

	enum MyPacket {

		HELLO

	}

	enum OtherPacket {

		HELLO

	}

	static class MyPacketUser {

		final PacketOperations<MyPacket> packets;

		MyPacketUser(PacketOperations<MyPacket> packets) {
			this.packets = packets;
		}

	}

	static class OtherPacketUser {

		OtherPacketUser(PacketOperations<OtherPacket> packets) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTemplate {

		@Bean
		PacketTemplate<MyPacket> userTemplate(PeerNode node, PacketTypeRegistry packetTypes, PacketCodecs codecs) {
			return new PacketTemplate<>(node, packetTypes, codecs);
		}

	}

}
