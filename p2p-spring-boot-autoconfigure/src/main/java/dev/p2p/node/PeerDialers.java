package dev.p2p.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.PeerSession;
import dev.p2p.session.DialRequest;
import dev.p2p.session.NodeContext;
import dev.p2p.session.NodeThreads;
import dev.p2p.session.ReconnectBackoff;
import dev.p2p.transport.Transport;

/**
 * A running node's dialling: the redialler of every peer kept connected (static peers and the
 * ones discovery hands over) and one-off dials. Created at each start, stopped at each stop.
 */
final class PeerDialers {

	private final NodeContext context;

	private final Transport transport;

	private final NodeThreads threads;

	private final ReconnectBackoff backoff;

	private final List<PeerDialer> dialers = new CopyOnWriteArrayList<>();

	private volatile boolean running = true;

	PeerDialers(NodeContext context, Transport transport, NodeThreads threads, ReconnectBackoff backoff) {
		this.context = context;
		this.transport = transport;
		this.threads = threads;
		this.backoff = backoff;
	}

	/**
	 * Keep a peer connected: dial it after a delay, redial it after every loss.
	 * @return {@code false} if that address has a redialler already
	 */
	synchronized boolean keep(PeerAddress address, Duration firstDialDelay) {
		if (!this.running || isKept(address)) {
			return false;
		}
		PeerDialer dialer = new PeerDialer(address, this, this.threads.timers(), this.backoff);
		this.dialers.add(dialer);
		dialer.start(firstDialDelay.toMillis());
		return true;
	}

	boolean drop(PeerAddress address) {
		for (PeerDialer dialer : this.dialers) {
			if (dialer.address().equals(address) && this.dialers.remove(dialer)) {
				dialer.stop();
				return true;
			}
		}
		return false;
	}

	boolean isKept(PeerAddress address) {
		return this.dialers.stream().anyMatch((dialer) -> dialer.address().equals(address));
	}

	boolean isConnected(PeerAddress address) {
		return this.dialers.stream().anyMatch((dialer) -> dialer.address().equals(address) && dialer.isConnected());
	}

	/**
	 * Addresses among the given ones with neither a connected redialler nor a session whose
	 * peer listens there.
	 */
	List<PeerAddress> unreachable(List<PeerAddress> addresses) {
		List<PeerAddress> unreachable = new ArrayList<>();
		for (PeerAddress address : addresses) {
			if (!isConnected(address) && findSessionListeningOn(address) == null) {
				unreachable.add(address);
			}
		}
		return unreachable;
	}

	/**
	 * Dial once, on a connection thread; a node already connected on that address answers with
	 * its session, so a second dial never races the live one.
	 */
	CompletableFuture<PeerSession> connect(PeerAddress address) {
		PeerSession existing = findSessionListeningOn(address);
		if (existing != null) {
			return CompletableFuture.completedFuture(existing);
		}
		DialRequest request = new DialRequest(address, null);
		dial(request);
		return request.result();
	}

	void dial(DialRequest request) {
		if (!this.running) {
			request.result().completeExceptionally(new IllegalStateException("P2P node is not running"));
			return;
		}
		this.threads.io().execute(() -> dialNow(request));
	}

	private void dialNow(DialRequest request) {
		if (!this.running) {
			request.result().completeExceptionally(new IllegalStateException("P2P node is not running"));
			return;
		}
		try {
			request.run(() -> this.transport.connect(request.address().host(), request.address().port()));
		}
		catch (Exception ex) {
			request.failed(ex);
		}
	}

	/** A session ended: redialers covered by it dial again. */
	void sessionEnded(String nodeId) {
		this.dialers.forEach((dialer) -> dialer.sessionEnded(nodeId));
	}

	@Nullable PeerSession findSession(String nodeId) {
		return this.context.directory().find(nodeId);
	}

	@Nullable PeerSession findSessionListeningOn(PeerAddress address) {
		return this.context.directory().findListeningOn(address);
	}

	synchronized void stop() {
		this.running = false;
		this.dialers.forEach(PeerDialer::stop);
		this.dialers.clear();
	}

}
