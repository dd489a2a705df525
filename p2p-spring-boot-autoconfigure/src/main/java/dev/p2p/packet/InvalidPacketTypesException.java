package dev.p2p.packet;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A class given as the packet types cannot be used: it is not an enum, or its constants'
 * codes collide or fall in the reserved control range. Names each problem.
 */
public class InvalidPacketTypesException extends IllegalArgumentException {

	private final @Nullable Class<?> type;

	private final List<String> problems;

	/**
	 * Create the exception.
	 * @param type the class given, or {@code null}
	 * @param problems what is wrong, one entry per problem
	 */
	public InvalidPacketTypesException(@Nullable Class<?> type, List<String> problems) {
		super(((type != null && type.isEnum()) ? "Invalid packet type enum " + type.getName() + ": "
				: "Packet types must be an enum class, got " + ((type != null) ? type.getName() : "null")
						+ (problems.isEmpty() ? "" : ": "))
				+ String.join("; ", problems));
		this.type = type;
		this.problems = List.copyOf(problems);
	}

	/**
	 * The class given as the packet types.
	 * @return the class, {@code null} if none was given
	 */
	public @Nullable Class<?> getType() {
		return this.type;
	}

	/**
	 * What is wrong with the enum's codes, one entry per problem; empty when the class is not
	 * an enum at all.
	 * @return the problems
	 */
	public List<String> getProblems() {
		return this.problems;
	}

}
