package dev.p2p.compat.pnet;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * CommandNode's {@code handle} function: reads a {@link CommandCall}, runs it, and answers a
 * {@link CommandAnswer} with CommandNode's own descriptions.
 *
 * <pre>
 * {"function": "get_funcs", "args": [], "kwargs": {}}  -&gt; {"type": "success", "value": ["get_peers", "get_funcs", "COMMAND1"]}
 * {"function": "nope", "args": [], "kwargs": {}}       -&gt; {"type": "error", "description": "function does not exist on node"}
 * </pre>
 *
 * <p>Built-ins {@code get_peers} (names learnt from adverts) and {@code get_funcs} (the
 * built-ins, then the table's names) come first, as in pnet. A function that throws is answered
 * with its message as the description (pnet's handler thread would die instead).
 */
public final class PnetCommandHandler implements PnetFunction {

	/** The fn name of CommandNode's only AdvancedNode function. */
	public static final String FUNCTION = "handle";

	/** CommandNode's answer to an unknown function. */
	public static final String NO_SUCH_FUNCTION = "function does not exist on node";

	private final PnetFunctionTable table;

	private final Supplier<List<String>> peers;

	private final JsonMapper mapper;

	/**
	 * Create the handler.
	 * @param table the functions offered
	 * @param peers the pnet names this node knows, for {@code get_peers}
	 * @param mapper the Jackson mapper
	 */
	public PnetCommandHandler(PnetFunctionTable table, Supplier<List<String>> peers, JsonMapper mapper) {
		this.table = table;
		this.peers = peers;
		this.mapper = mapper;
	}

	@Override
	public byte[] call(String originator, byte[] data) {
		return answer(originator, data).toJson(this.mapper);
	}

	/**
	 * Answer one call body.
	 * @param originator the caller's pnet name
	 * @param data the call body
	 * @return the answer
	 */
	public CommandAnswer answer(String originator, byte[] data) {
		CommandCall call;
		try {
			call = CommandCall.parse(data, this.mapper);
		}
		catch (CommandCall.CommandError ex) {
			return CommandAnswer.error(ex.getMessage());
		}
		switch (call.function()) {
			case "get_peers":
				return CommandAnswer.success(names(this.peers.get()));
			case "get_funcs":
				List<String> functions = new ArrayList<>(List.of("get_peers", "get_funcs"));
				functions.addAll(this.table.names());
				return CommandAnswer.success(names(functions));
			default:
				if (!this.table.contains(call.function())) {
					return CommandAnswer.error(NO_SUCH_FUNCTION);
				}
				try {
					return CommandAnswer.success(this.table.invoke(call.function(), originator, call.args(), call.kwargs()));
				}
				catch (Exception ex) {
					return CommandAnswer.error((ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName());
				}
		}
	}

	private JsonNode names(List<String> names) {
		ArrayNode array = this.mapper.createArrayNode();
		names.forEach(array::add);
		return array;
	}

}
