package dev.p2p.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.generate.GenerationContext;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.aot.BeanRegistrationCode;
import org.springframework.beans.factory.aot.BeanRegistrationCodeFragments;
import org.springframework.beans.factory.aot.BeanRegistrationCodeFragmentsDecorator;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.ResolvableType;
import org.springframework.javapoet.CodeBlock;
import org.springframework.util.ClassUtils;

import dev.p2p.core.PacketTemplate;

/**
 * Keeps the template's generic type (set by {@link PacketTemplateTypeRegistrar}) in the code
 * generated ahead of time. Spring would write {@code forClassWithGenerics(PacketTemplate.class,
 * MyPacket.class)} into the auto-configuration's package, which does not compile when the
 * application's enum is not accessible from there (nested in a package-private class, say); the
 * enum is named instead, and loaded when the bean definition is created (its reflection hint
 * comes from {@link PacketTypesAotProcessor}).
 */
class PacketTemplateTypeAotProcessor implements BeanRegistrationAotProcessor {

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		ResolvableType beanType = registeredBean.getBeanType();
		if (!PacketTemplateTypeRegistrar.TEMPLATE_BEAN_NAME.equals(registeredBean.getBeanName())
				|| beanType.toClass() != PacketTemplate.class || !beanType.hasGenerics()
				|| beanType.getGeneric(0).resolve() == null) {
			return null;
		}
		String enumName = beanType.getGeneric(0).toClass().getName();
		return BeanRegistrationAotContribution
			.withCustomCodeFragments((fragments) -> new TypeByName(fragments, enumName));
	}

	private static final class TypeByName extends BeanRegistrationCodeFragmentsDecorator {

		private final String enumName;

		TypeByName(BeanRegistrationCodeFragments delegate, String enumName) {
			super(delegate);
			this.enumName = enumName;
		}

		@Override
		public CodeBlock generateNewBeanDefinitionCode(GenerationContext generationContext, ResolvableType beanType,
				BeanRegistrationCode beanRegistrationCode) {
			CodeBlock.Builder code = CodeBlock.builder();
			code.add(super.generateNewBeanDefinitionCode(generationContext, ResolvableType.forClass(beanType.toClass()),
					beanRegistrationCode));
			code.addStatement("$L.setTargetType($T.forClassWithGenerics($T.class, $T.resolveClassName($S, null)))",
					BEAN_DEFINITION_VARIABLE, ResolvableType.class, PacketTemplate.class, ClassUtils.class,
					this.enumName);
			return code.build();
		}

	}

}
