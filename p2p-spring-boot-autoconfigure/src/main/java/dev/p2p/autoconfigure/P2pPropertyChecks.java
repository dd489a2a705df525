package dev.p2p.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.PropertyMapper.Source.Adapter;
import org.springframework.util.unit.DataSize;

import dev.p2p.handshake.PeerIds;

/**
 * The rules a {@code p2p.*} value must meet, as {@link org.springframework.boot.context.properties.PropertyMapper}
 * adapters that pass a good value through and fail on a bad one with an
 * {@link InvalidP2pPropertyException} naming the property, the rule and the value.
 */
final class P2pPropertyChecks {

	private P2pPropertyChecks() {
	}

	/**
	 * A positive duration.
	 * @param property the property's name
	 * @return the check
	 */
	static Adapter<Duration, Duration> positive(String property) {
		return (value) -> {
			if (value.isNegative() || value.isZero()) {
				throw new InvalidP2pPropertyException(property, value,
						property + " must be a positive duration, was " + value);
			}
			return value;
		};
	}

	/**
	 * A whole number in a range.
	 * @param property the property's name
	 * @param min the least value allowed
	 * @param max the greatest value allowed
	 * @return the check
	 */
	static Adapter<Integer, Integer> range(String property, int min, int max) {
		return (value) -> {
			if (value < min || value > max) {
				throw new InvalidP2pPropertyException(property, value,
						property + " must be from " + min + " to " + max + ", was " + value);
			}
			return value;
		};
	}

	/**
	 * A whole number of at least some value.
	 * @param property the property's name
	 * @param min the least value allowed
	 * @return the check
	 */
	static Adapter<Integer, Integer> atLeast(String property, int min) {
		return (value) -> {
			if (value < min) {
				throw new InvalidP2pPropertyException(property, value,
						property + " must be at least " + min + ", was " + value);
			}
			return value;
		};
	}

	/**
	 * A size of at least one byte.
	 * @param property the property's name
	 * @return the check, giving the size in bytes
	 */
	static Adapter<DataSize, Long> size(String property) {
		return (value) -> {
			if (value.toBytes() < 1) {
				throw new InvalidP2pPropertyException(property, value, property + " must be at least 1B, was " + value);
			}
			return value.toBytes();
		};
	}

	/**
	 * A node or network id that peers accept in the handshake.
	 * @param property the property's name
	 * @param required whether an empty id is refused
	 * @return the check
	 */
	static Adapter<String, String> id(String property, boolean required) {
		return (value) -> {
			String problem = PeerIds.checkId(value, required);
			if (problem != null) {
				throw new InvalidP2pPropertyException(property, value,
						property + " " + problem + " (peers would reject it in the handshake)");
			}
			return value;
		};
	}

	/**
	 * A whole number of zero or more.
	 * @param property the property's name
	 * @return the check
	 */
	static Adapter<Integer, Integer> nonNegative(String property) {
		return (value) -> {
			if (value < 0) {
				throw new InvalidP2pPropertyException(property, value, property + " must be 0 or more, was " + value);
			}
			return value;
		};
	}

}
