package dev.p2p.compat.pnet;

import java.io.IOException;

/**
 * Sends one AdvancedNode command to one pnet node and returns its answer: in pnet, one TCP
 * connection carrying one encrypted {@code msg} line and its {@code rsp}.
 */
@FunctionalInterface
public interface PnetExchange {

	/**
	 * Send a command and wait for the answer.
	 * @param command the command
	 * @return the answer
	 * @throws IOException if the exchange fails or times out
	 */
	PnetCommand exchange(PnetCommand command) throws IOException;

}
