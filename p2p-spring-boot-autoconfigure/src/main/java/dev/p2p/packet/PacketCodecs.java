package dev.p2p.packet;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Chooses the codec of each packet type: a per-type override by constant name, otherwise the
 * default. Resolved once at start-up into an array indexed by ordinal.
 */
public final class PacketCodecs {

	private final PacketCodec[] byOrdinal;

	/**
	 * Resolve codecs for every packet type.
	 * @param registry the packet types
	 * @param available codecs by name (built-in and user beans)
	 * @param defaultCodec name of the default codec
	 * @param overrides codec names by packet type constant name
	 * @throws IllegalArgumentException naming the unknown codec or constant
	 */
	public PacketCodecs(PacketTypeRegistry registry, Collection<PacketCodec> available, String defaultCodec,
			Map<String, String> overrides) {
		Map<String, PacketCodec> byName = new LinkedHashMap<>();
		available.forEach((codec) -> byName.put(codec.name(), codec));
		PacketCodec fallback = lookup(byName, defaultCodec, "p2p.codec.default");
		Map<Enum<?>, PacketCodec> chosen = new HashMap<>();
		overrides.forEach((typeName, codecName) -> {
			Enum<?> type;
			try {
				type = typeNamed(registry, typeName);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("p2p.codec.types." + typeName + ": " + ex.getMessage(), ex);
			}
			chosen.put(type, lookup(byName, codecName, "p2p.codec.types." + typeName));
		});
		this.byOrdinal = new PacketCodec[registry.types().size()];
		for (Enum<?> type : registry.types()) {
			this.byOrdinal[type.ordinal()] = chosen.getOrDefault(type, fallback);
		}
	}

	/**
	 * Constant by name; case and dashes are ignored when there is no exact match, because map
	 * keys bound from environment variables arrive in lower case.
	 */
	private static Enum<?> typeNamed(PacketTypeRegistry registry, String name) {
		String relaxed = name.replace('-', '_');
		for (Enum<?> type : registry.types()) {
			if (type.name().equals(name)) {
				return type;
			}
		}
		for (Enum<?> type : registry.types()) {
			if (type.name().equalsIgnoreCase(relaxed)) {
				return type;
			}
		}
		return registry.typeNamed(name);
	}

	private static PacketCodec lookup(Map<String, PacketCodec> byName, String name, String property) {
		PacketCodec codec = byName.get(name);
		if (codec == null) {
			throw new IllegalArgumentException(
					property + " names codec '" + name + "', but the known codecs are " + byName.keySet());
		}
		return codec;
	}

	/**
	 * Codec of a packet type.
	 * @param type a constant of the registry's enum
	 * @return its codec
	 */
	public PacketCodec codecOf(Enum<?> type) {
		return this.byOrdinal[type.ordinal()];
	}

}
