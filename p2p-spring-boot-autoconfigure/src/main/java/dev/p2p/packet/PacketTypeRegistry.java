package dev.p2p.packet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.p2p.wire.ControlCode;

/**
 * Maps the constants of the user's packet-type enum to wire codes and back. Codes come from
 * {@link CodedPacketType#code()} when the enum implements it, otherwise from the ordinal.
 * Built once at start-up; look-ups on the hot path are array reads for small codes.
 */
public final class PacketTypeRegistry {

	private static final int DENSE_LIMIT = 4096;

	private final Class<? extends Enum<?>> enumType;

	private final Enum<?>[] byDenseCode;

	private final Map<Integer, Enum<?>> bySparseCode;

	private final int[] codeByOrdinal;

	private PacketTypeRegistry(Class<? extends Enum<?>> enumType, int[] codeByOrdinal, Enum<?>[] constants) {
		this.enumType = enumType;
		this.codeByOrdinal = codeByOrdinal;
		int maxDense = -1;
		Map<Integer, Enum<?>> sparse = new HashMap<>();
		for (Enum<?> constant : constants) {
			int code = codeByOrdinal[constant.ordinal()];
			if (code >= 0 && code < DENSE_LIMIT) {
				maxDense = Math.max(maxDense, code);
			}
			else {
				sparse.put(code, constant);
			}
		}
		this.byDenseCode = new Enum<?>[maxDense + 1];
		for (Enum<?> constant : constants) {
			int code = codeByOrdinal[constant.ordinal()];
			if (code >= 0 && code < DENSE_LIMIT) {
				this.byDenseCode[code] = constant;
			}
		}
		this.bySparseCode = Map.copyOf(sparse);
	}

	/**
	 * Build the registry for an enum, validating its codes.
	 * @param enumType the packet-type enum
	 * @return the registry
	 * @throws InvalidPacketTypesException if the class is not an enum, two constants share a
	 * code, or a code lies in the reserved control range
	 */
	public static PacketTypeRegistry of(Class<?> enumType) {
		if (enumType == null || !enumType.isEnum()) {
			throw new InvalidPacketTypesException(enumType, List.of());
		}
		@SuppressWarnings("unchecked")
		Class<? extends Enum<?>> type = (Class<? extends Enum<?>>) enumType;
		Enum<?>[] constants = type.getEnumConstants();
		int[] codes = new int[constants.length];
		Map<Integer, Enum<?>> seen = new HashMap<>();
		List<String> problems = new ArrayList<>();
		for (Enum<?> constant : constants) {
			int code = (constant instanceof CodedPacketType coded) ? coded.code() : constant.ordinal();
			codes[constant.ordinal()] = code;
			if (ControlCode.isReserved(code)) {
				problems.add(constant.name() + " uses code " + Integer.toUnsignedString(code)
						+ " in the reserved control range 0xFFFFFF00-0xFFFFFFFF");
			}
			Enum<?> previous = seen.putIfAbsent(code, constant);
			if (previous != null) {
				problems.add(previous.name() + " and " + constant.name() + " share code "
						+ Integer.toUnsignedString(code));
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidPacketTypesException(type, problems);
		}
		return new PacketTypeRegistry(type, codes, constants);
	}

	/**
	 * The enum class.
	 * @return the packet-type enum
	 */
	public Class<? extends Enum<?>> getEnumType() {
		return this.enumType;
	}

	/**
	 * Wire code of a constant.
	 * @param type a constant of this registry's enum
	 * @return its code
	 * @throws IllegalArgumentException if the constant belongs to another enum
	 */
	public int codeOf(Enum<?> type) {
		if (type == null || type.getDeclaringClass() != this.enumType) {
			throw new IllegalArgumentException("Packet type " + type + " is not a constant of " + this.enumType.getName());
		}
		return this.codeByOrdinal[type.ordinal()];
	}

	/**
	 * Constant for a wire code.
	 * @param code the code
	 * @return the constant, or {@code null} if the code is unknown
	 */
	public Enum<?> typeOf(int code) {
		if (code >= 0 && code < this.byDenseCode.length) {
			return this.byDenseCode[code];
		}
		return this.bySparseCode.get(code);
	}

	/**
	 * Whether a code names a constant.
	 * @param code the code
	 * @return {@code true} if known
	 */
	public boolean isKnown(int code) {
		return typeOf(code) != null;
	}

	/**
	 * Constant by name.
	 * @param name an enum constant name
	 * @return the constant
	 * @throws IllegalArgumentException naming the enum and its constants when there is none
	 */
	public Enum<?> typeNamed(String name) {
		for (Enum<?> constant : this.enumType.getEnumConstants()) {
			if (constant.name().equals(name)) {
				return constant;
			}
		}
		if (this.enumType == NoPacketTypes.class) {
			throw new IllegalArgumentException(
					"No packet type named '" + name + "': set p2p.packet-types to the packet-type enum class");
		}
		throw new IllegalArgumentException("No packet type named '" + name + "' in " + this.enumType.getName()
				+ " (known: " + Arrays.toString(this.enumType.getEnumConstants()) + ")");
	}

	/**
	 * All constants in declaration order.
	 * @return the constants
	 */
	public List<Enum<?>> types() {
		return List.of(this.enumType.getEnumConstants());
	}

}
