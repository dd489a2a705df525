package dev.p2p.session;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.p2p.wire.Frame;

/**
 * A session's envelope bookkeeping on the receiving side: the envelope frames (TRACE, REQUEST,
 * REPLY) that wait for the application frame they belong to, at most one of each (reader
 * thread only), and the ids of the peer's requests this node is serving (not answered yet).
 */
final class InboundEnvelopes {

	@Nullable Frame trace;

	@Nullable Frame request;

	@Nullable Frame reply;

	/** Ids of this peer's requests that this node is serving (not answered yet). */
	final Set<Integer> serving = ConcurrentHashMap.newKeySet();

	/** Forget the envelopes that wait: the frame they announced will not come. */
	void clear() {
		this.trace = null;
		this.request = null;
		this.reply = null;
	}

}
