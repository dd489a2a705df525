package dev.p2p.compat.pnet;

/**
 * A pnet node answered a call with {@code {"type": "error", "description": ...}}.
 */
public class PnetCallException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String description;

	/**
	 * Create the exception.
	 * @param peer the node called
	 * @param function the function
	 * @param description pnet's error description
	 */
	public PnetCallException(String peer, String function, String description) {
		super("pnet node '" + peer + "' answered " + function + " with error: " + description);
		this.description = description;
	}

	/**
	 * pnet's description, such as {@code function does not exist on node}.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

}
