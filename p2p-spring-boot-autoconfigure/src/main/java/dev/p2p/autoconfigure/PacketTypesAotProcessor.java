package dev.p2p.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import dev.p2p.packet.NoPacketTypes;

/**
 * Native-image hints of the packet-type enum named by {@code p2p.packet-types} at build time:
 * the class is loaded by name when the property is bound, and its constants are listed by
 * reflection ({@code values()}) when the registry is built.
 */
class PacketTypesAotProcessor implements BeanFactoryInitializationAotProcessor {

	@Override
	public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
			ConfigurableListableBeanFactory beanFactory) {
		if (!beanFactory.containsBean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME)
				|| beanFactory.getBeanNamesForType(P2pProperties.class, false, false).length == 0) {
			return null;
		}
		Environment environment = beanFactory.getBean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME,
				Environment.class);
		Class<?> packetTypes;
		try {
			packetTypes = Binder.get(environment).bind("p2p.packet-types", Class.class).orElse(NoPacketTypes.class);
		}
		catch (BindException ex) {
			// the application fails at start-up anyway, naming the property
			return null;
		}
		Class<?> enumType = packetTypes;
		return (context, code) -> context.getRuntimeHints()
			.reflection()
			.registerType(enumType, MemberCategory.INVOKE_PUBLIC_METHODS, MemberCategory.ACCESS_PUBLIC_FIELDS);
	}

}
