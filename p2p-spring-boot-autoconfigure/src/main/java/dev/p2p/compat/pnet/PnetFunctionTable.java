package dev.p2p.compat.pnet;

import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The functions a CommandNode offers besides its built-ins: in a node, the packet types with
 * listeners, matched by name case-insensitively.
 */
public interface PnetFunctionTable {

	/**
	 * Names offered, in the order {@code get_funcs} lists them.
	 * @return the function names
	 */
	List<String> names();

	/**
	 * Whether a function exists.
	 * @param function the name the caller sent
	 * @return {@code true} if {@link #invoke} can run it
	 */
	boolean contains(String function);

	/**
	 * Run a function.
	 * @param function the name the caller sent
	 * @param originator the caller's pnet name
	 * @param args positional arguments
	 * @param kwargs keyword arguments
	 * @return the value to send back
	 * @throws Exception whatever the function throws; its message becomes the error description
	 */
	JsonNode invoke(String function, String originator, ArrayNode args, ObjectNode kwargs) throws Exception;

}
