package dev.p2p.event;

import java.util.Locale;

/**
 * The lower-case, dash-separated form of enum constants used in logs and metric tags.
 */
final class Tags {

	private Tags() {
	}

	static String of(Enum<?> constant) {
		return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
