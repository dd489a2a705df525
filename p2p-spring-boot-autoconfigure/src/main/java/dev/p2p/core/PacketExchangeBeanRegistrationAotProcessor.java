package dev.p2p.core;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.generate.GenerationContext;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.aot.BeanRegistrationCode;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.util.ClassUtils;

/**
 * Registers the JDK proxy of every {@link PacketExchange} interface that is a bean's type
 * (a client declared as {@code @Bean RobotClient robot(PacketExchangeProxyFactory f)}), so
 * that {@link PacketExchangeProxyFactory} can create it in a native image.
 */
class PacketExchangeBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		Class<?> beanClass = registeredBean.getBeanClass();
		List<Class<?>> clients = new ArrayList<>();
		Class<?>[] candidates = beanClass.isInterface() ? new Class<?>[] { beanClass }
				: ClassUtils.getAllInterfacesForClass(beanClass);
		for (Class<?> candidate : candidates) {
			if (isClient(candidate)) {
				clients.add(candidate);
			}
		}
		if (clients.isEmpty()) {
			return null;
		}
		return (GenerationContext context, BeanRegistrationCode code) -> clients
			.forEach((client) -> context.getRuntimeHints().proxies().registerJdkProxy(client));
	}

	private static boolean isClient(Class<?> type) {
		for (Method method : type.getMethods()) {
			if (MergedAnnotations.from(method).isPresent(PacketExchange.class)) {
				return true;
			}
		}
		return false;
	}

}
