package dev.p2p.test.sample;

/**
 * The test application's packet types.
 */
public enum EchoType {

	/** A JSON {@link Ping}, answered with a {@link Pong}. */
	PING,

	/** The answer to PING. */
	PONG,

	/** A line of text (string codec), answered with ECHO_BACK in upper case. */
	ECHO,

	/** The answer to ECHO. */
	ECHO_BACK,

	/** A stream the listener counts. */
	FILE,

	/** A request the application sends to whoever connects, to test scripted answers. */
	WHO

}
