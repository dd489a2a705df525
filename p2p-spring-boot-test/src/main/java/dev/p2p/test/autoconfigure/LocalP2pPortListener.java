package dev.p2p.test.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

import dev.p2p.event.PeerServerStartedEvent;

/**
 * Publishes the bound port of the node as {@code local.p2p.port} in the environment of the
 * context that started it (and of its parents), like Boot does with {@code local.server.port}.
 */
final class LocalP2pPortListener implements ApplicationListener<PeerServerStartedEvent> {

	/** The property that holds the bound port. */
	static final String PROPERTY = "local.p2p.port";

	private static final String SOURCE_NAME = "p2p.local";

	private final ConfigurableApplicationContext context;

	LocalP2pPortListener(ConfigurableApplicationContext context) {
		this.context = context;
	}

	@Override
	public void onApplicationEvent(PeerServerStartedEvent event) {
		ApplicationContext current = this.context;
		while (current instanceof ConfigurableApplicationContext configurable) {
			setPort(configurable.getEnvironment(), event.getPort());
			current = current.getParent();
		}
	}

	@SuppressWarnings("unchecked")
	private static void setPort(ConfigurableEnvironment environment, int port) {
		MutablePropertySources sources = environment.getPropertySources();
		PropertySource<?> source = sources.get(SOURCE_NAME);
		if (source == null) {
			source = new MapPropertySource(SOURCE_NAME, new HashMap<>());
			sources.addFirst(source);
		}
		((Map<String, Object>) source.getSource()).put(PROPERTY, port);
	}

}
