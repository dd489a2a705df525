package dev.p2p.metrics;

import java.util.Locale;
import java.util.concurrent.CompletionException;

import dev.p2p.peer.RemotePacketException;
import dev.p2p.peer.RequestTimeoutException;

/**
 * How a request ended, as the {@code outcome} tag of {@code p2p.requests}.
 */
public enum RequestOutcome {

	/** A reply arrived. */
	SUCCESS,

	/** The peer answered with an ERROR. */
	ERROR,

	/** No reply within the timeout. */
	TIMEOUT,

	/** It never got an answer for another reason: not sent, or the peer disconnected. */
	FAILED;

	/**
	 * The outcome of a completed request.
	 * @param failure what it failed with, {@code null} if it succeeded
	 * @return the outcome
	 */
	public static RequestOutcome of(Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (cause == null) {
			return SUCCESS;
		}
		if (cause instanceof RemotePacketException) {
			return ERROR;
		}
		return (cause instanceof RequestTimeoutException) ? TIMEOUT : FAILED;
	}

	/**
	 * The tag value.
	 * @return lower case name
	 */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
