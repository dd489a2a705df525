package dev.p2p.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * A {@code p2p.*} property has a value the node cannot work with (out of range, not a
 * positive duration, an id peers would reject, ...). The message names the property, the
 * rule and the value; the failure analysis adds where the value came from.
 */
public class InvalidP2pPropertyException extends IllegalStateException {

	private final String property;

	private final @Nullable Object value;

	/**
	 * Create the exception.
	 * @param property the property's name, e.g. {@code p2p.server.port}
	 * @param value the value bound
	 * @param message names the property, the rule and the value
	 */
	public InvalidP2pPropertyException(String property, @Nullable Object value, String message) {
		this(property, value, message, null);
	}

	/**
	 * Create the exception.
	 * @param property the property's name, e.g. {@code p2p.server.port}
	 * @param value the value bound
	 * @param message names the property, the rule and the value
	 * @param cause the failure the rule was found by, or {@code null}
	 */
	public InvalidP2pPropertyException(String property, @Nullable Object value, String message,
			@Nullable Throwable cause) {
		super(message, cause);
		this.property = property;
		this.value = value;
	}

	/**
	 * The property's name.
	 * @return e.g. {@code p2p.server.port}
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * The value bound to the property.
	 * @return the value, {@code null} if it was not set
	 */
	public @Nullable Object getValue() {
		return this.value;
	}

}
