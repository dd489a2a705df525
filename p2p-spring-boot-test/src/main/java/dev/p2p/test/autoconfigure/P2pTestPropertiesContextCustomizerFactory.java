package dev.p2p.test.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;

import dev.p2p.test.TestPeers;

/**
 * Makes every Spring test context with this module on its class path (plain
 * {@code @SpringBootTest} included) run its node on an ephemeral port of {@code 127.0.0.1}:
 * {@code p2p.server.port=0} and {@code p2p.server.address=127.0.0.1} take precedence over the
 * application's own configuration ({@code application.yml}'s fixed port would make cached
 * contexts collide), unless the test sets them itself with {@code properties} or
 * {@code @TestPropertySource}. Also registers the {@code local.p2p.port} listener and the
 * {@link TestPeers} bean.
 */
public final class P2pTestPropertiesContextCustomizerFactory implements ContextCustomizerFactory {

	static final Map<String, String> DEFAULTS = Map.of("p2p.server.port", "0", "p2p.server.address", "127.0.0.1");

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return new Customizer();
	}

	/**
	 * Adds the defaults the test does not set; equal for every test, so it keeps the context cache
	 * working.
	 */
	static final class Customizer implements ContextCustomizer {

		private static final String SOURCE_NAME = "p2pTestDefaults";

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			Map<String, Object> defaults = new LinkedHashMap<>();
			Map<String, Object> inlined = TestPropertySourceUtils.convertInlinedPropertiesToMap(
					config.getPropertySourceProperties());
			DEFAULTS.forEach((key, value) -> {
				if (!inlined.containsKey(key) && !setByTestPropertySourceFile(context, config, key)) {
					defaults.put(key, value);
				}
			});
			MutablePropertySources sources = context.getEnvironment().getPropertySources();
			MapPropertySource source = new MapPropertySource(SOURCE_NAME, defaults);
			// just below the test's own properties, above the application's configuration files
			String inlinedName = TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME;
			if (sources.contains(inlinedName)) {
				sources.addAfter(inlinedName, source);
			}
			else {
				sources.addFirst(source);
			}
			context.addApplicationListener(new LocalP2pPortListener(context));
			context.addBeanFactoryPostProcessor((beanFactory) -> {
				if (beanFactory instanceof BeanDefinitionRegistry registry
						&& !registry.containsBeanDefinition(TestPeers.BEAN_NAME)) {
					// a definition, not a singleton: the context then stops the peers when it closes
					registry.registerBeanDefinition(TestPeers.BEAN_NAME,
							new RootBeanDefinition(TestPeers.class, () -> new TestPeers(context)));
				}
			});
		}

		private static boolean setByTestPropertySourceFile(ConfigurableApplicationContext context,
				MergedContextConfiguration config, String key) {
			// @TestPropertySource files were added before this customizer ran, each as a source
			// named after its resource; the application's own files are "Config resource ..."
			for (String location : config.getPropertySourceLocations()) {
				String file = location.substring(location.lastIndexOf('/') + 1);
				boolean set = context.getEnvironment().getPropertySources().stream()
					.filter((source) -> !source.getName().startsWith("Config resource"))
					.filter((source) -> source.getName().contains(file))
					.anyMatch((source) -> source.containsProperty(key));
				if (set) {
					return true;
				}
			}
			return false;
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return other != null && other.getClass() == getClass();
		}

		@Override
		public int hashCode() {
			return Objects.hash(getClass());
		}

	}

}
