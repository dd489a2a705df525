package dev.p2p.compat.pnet;

/**
 * A function an AdvancedNode serves: pnet calls it with the caller's name and the bytes the
 * caller sent; its result goes back as a chunked response. A CommandNode serves one, named
 * {@code handle} ({@link PnetCommandHandler}).
 */
@FunctionalInterface
public interface PnetFunction {

	/**
	 * Run the function.
	 * @param originator the caller's pnet name ({@code og})
	 * @param data the bytes sent
	 * @return the result bytes
	 */
	byte[] call(String originator, byte[] data);

}
