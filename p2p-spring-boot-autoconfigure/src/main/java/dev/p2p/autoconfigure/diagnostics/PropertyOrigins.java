package dev.p2p.autoconfigure.diagnostics;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.Environment;

/**
 * Says where a property's value came from, as the failure analyses print it: the value as
 * written and its origin (file and line, environment variable, command-line argument), found
 * with relaxed names so that {@code P2P_SERVER_PORT} is reported for {@code p2p.server.port}.
 */
final class PropertyOrigins {

	private final @Nullable Environment environment;

	PropertyOrigins(@Nullable Environment environment) {
		this.environment = environment;
	}

	/**
	 * The property as it was set, in the source that wins.
	 * @param name a property name such as {@code p2p.server.port}
	 * @return the property, or {@code null} if no source sets it (or there is no environment)
	 */
	@Nullable ConfigurationProperty find(String name) {
		ConfigurationPropertyName key = ConfigurationPropertyName.of(name);
		if (this.environment == null || key == null) {
			return null;
		}
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty property = source.getConfigurationProperty(key);
			if (property != null) {
				return property;
			}
		}
		return null;
	}

	/**
	 * One line naming the property, its value and its origin, e.g.
	 * {@code p2p.server.port = 5001 (from class path resource [application.properties] - 3:17)};
	 * for a property no source sets, the value used is reported as the default.
	 * @param name the property's name
	 * @param used the value the node used
	 * @return the line
	 */
	String describe(String name, @Nullable Object used) {
		ConfigurationProperty property = (ConfigurationPropertyName.isValid(name)) ? find(name) : null;
		if (property == null) {
			return name + " = " + used + " (not set: the default)";
		}
		Object value = property.getValue();
		if (value instanceof String text && this.environment != null) {
			// a value such as ${PORT:5001} is reported as the node saw it
			value = this.environment.resolvePlaceholders(text);
		}
		return name + " = " + value
				+ ((property.getOrigin() != null) ? " (from " + property.getOrigin() + ")" : "");
	}

}
