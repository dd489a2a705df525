package dev.p2p.membership;

/**
 * The commands every node answers without a listener (docs/PROTOCOL.md §11.3); the request
 * metric {@code p2p.requests} tags them with these names.
 */
public enum BuiltInCommand {

	/** Which packet types have listeners (pnet's {@code get_funcs}). */
	GET_FUNCS,

	/** Which peers the node is connected to (pnet's {@code get_peers}). */
	GET_PEERS

}
