package dev.p2p.listener;

import java.lang.reflect.Method;
import java.util.Map;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Finds {@link PacketListener} methods on beans as they are initialized and registers them with
 * the {@link PacketDispatcher}, which validates them; an invalid listener fails the bean's
 * creation with a message naming the bean, the method and the problem.
 */
public class PacketListenerBeanPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<PacketDispatcher> dispatcher;

	/**
	 * Create the post-processor.
	 * @param dispatcher resolved when the first listener is found
	 */
	public PacketListenerBeanPostProcessor(ObjectProvider<PacketDispatcher> dispatcher) {
		this.dispatcher = dispatcher;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		Map<Method, PacketListener> methods = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<PacketListener>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, PacketListener.class));
		if (methods.isEmpty()) {
			return bean;
		}
		PacketDispatcher target = this.dispatcher.getObject();
		methods.forEach((method, annotation) -> {
			try {
				target.register(beanName, bean, AopUtils.selectInvocableMethod(method, bean.getClass()), annotation);
			}
			catch (IllegalStateException | IllegalArgumentException ex) {
				throw new BeanCreationException(beanName, ex.getMessage(), ex);
			}
		});
		return bean;
	}

}
