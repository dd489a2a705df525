package dev.p2p.autoconfigure;

import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.MethodMetadata;

import dev.p2p.core.PacketTemplate;
import dev.p2p.packet.NoPacketTypes;

/**
 * Gives the auto-configured {@link PacketTemplate} bean its generic type,
 * {@code PacketTemplate<E>} for the enum {@code p2p.packet-types} names, so that
 * {@code @Autowired PacketOperations<MyPacket>} finds it and {@code PacketOperations<OtherEnum>}
 * does not. A {@code @Bean} method cannot declare a type argument known only from a property.
 * <p>
 * Spring runs a configuration class's registrars after it has registered the class's
 * {@code @Bean} methods, conditions evaluated: when the application has its own
 * {@code PacketOperations}, there is no auto-configured definition and nothing happens here.
 */
class PacketTemplateTypeRegistrar implements ImportBeanDefinitionRegistrar {

	/** Name of the auto-configured template bean (its {@code @Bean} method's name). */
	static final String TEMPLATE_BEAN_NAME = "p2pPacketTemplate";

	private final Environment environment;

	PacketTemplateTypeRegistrar(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata importingClass, BeanDefinitionRegistry registry) {
		if (!registry.containsBeanDefinition(TEMPLATE_BEAN_NAME)) {
			return;
		}
		BeanDefinition definition = registry.getBeanDefinition(TEMPLATE_BEAN_NAME);
		if (definition instanceof RootBeanDefinition root && declaredBy(definition, importingClass)) {
			Class<?> enumType = packetTypes();
			if (enumType.isEnum()) {
				root.setTargetType(ResolvableType.forClassWithGenerics(PacketTemplate.class, enumType));
			}
		}
	}

	/** Only the auto-configuration's own definition: a user's bean of that name keeps its type. */
	private static boolean declaredBy(BeanDefinition definition, AnnotationMetadata importingClass) {
		MethodMetadata factoryMethod = (definition instanceof AnnotatedBeanDefinition annotated)
				? annotated.getFactoryMethodMetadata() : null;
		return factoryMethod != null && factoryMethod.getDeclaringClassName().equals(importingClass.getClassName());
	}

	private Class<?> packetTypes() {
		try {
			return Binder.get(this.environment).bind("p2p.packet-types", Class.class).orElse(NoPacketTypes.class);
		}
		catch (BindException ex) {
			// the packet type registry fails the start-up with the property's name; the type stays raw
			return Object.class;
		}
	}

}
