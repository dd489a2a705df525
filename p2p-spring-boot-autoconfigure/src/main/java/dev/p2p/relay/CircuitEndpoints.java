package dev.p2p.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.p2p.peer.PeerAddress;
import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.peer.PeerSession;
import dev.p2p.peer.SessionPath;
import dev.p2p.reach.RelayFrames;
import dev.p2p.reach.RelayReason;
import dev.p2p.session.DialRequest;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;

/**
 * The ends of circuits on this node: accepts circuits a relay offers (CIRCUIT_INCOMING, for the
 * reservation this node holds) and opens circuits to nodes by id through the relays it is
 * connected to, one relay after the other until one gets the circuit accepted. Either way the
 * circuit's {@link CircuitConnection} becomes an ordinary session.
 */
final class CircuitEndpoints {

	private static final Log logger = LogFactory.getLog(CircuitEndpoints.class);

	private final RelayContext relay;

	private final CircuitSessions sessions;

	private final Supplier<List<PeerSession>> relays;

	private final Duration sendTimeout;

	/**
	 * @param relays the relay sessions to try, best first
	 * @param sendTimeout how long a circuit's writer waits for credit ({@code p2p.send.timeout})
	 */
	CircuitEndpoints(RelayContext relay, CircuitSessions sessions, Supplier<List<PeerSession>> relays,
			Duration sendTimeout) {
		this.relay = relay;
		this.sessions = sessions;
		this.relays = relays;
		this.sendTimeout = sendTimeout;
	}

	/** A relay offers a circuit from another node: accept it and let the engine handshake on it. */
	void incoming(PeerSession hop, RelayFrames.Circuit circuit) {
		if (!this.relay.isRunning() || hop.path() == SessionPath.RELAYED) {
			this.relay.refuse(hop, circuit.circuitId(), RelayReason.TARGET_REFUSED,
					"node '" + this.relay.nodeId + "' takes no circuit now");
			return;
		}
		CircuitConnection connection = new CircuitConnection(this.relay, this.sessions, hop, circuit.circuitId(), true,
				circuit.nodeId(), this.sendTimeout.toNanos());
		if (!this.relay.table.register(hop, circuit.circuitId(), connection)) {
			this.relay.refuse(hop, circuit.circuitId(), RelayReason.MALFORMED, "circuit id "
					+ Integer.toUnsignedString(circuit.circuitId()) + " is in use on this hop");
			return;
		}
		if (!this.relay.sendNow(hop, RelayFrames.accept(circuit.circuitId(), circuit.maxSeconds(),
				circuit.maxBytes()))) {
			this.relay.table.remove(hop, circuit.circuitId(), connection);
			return;
		}
		logger.debug("Accepted relay circuit from '" + circuit.nodeId() + "' via '" + hop.getNodeId() + "'");
		connection.start(() -> this.sessions.opened(connection), (failure) -> logger.warn("Relay circuit from '"
				+ circuit.nodeId() + "' via '" + hop.getNodeId() + "' failed before its session: " + failure.getMessage()));
	}

	/**
	 * Open a circuit to a node through the connected relays.
	 * @param nodeId the node to reach
	 * @return the session once established, or {@code null} when no relay is connected
	 */
	@Nullable CompletableFuture<PeerSession> connect(String nodeId) {
		List<PeerSession> candidates = this.relays.get()
			.stream()
			.filter((session) -> session.isActive() && !session.getNodeId().equals(nodeId))
			.toList();
		if (candidates.isEmpty()) {
			return null;
		}
		CompletableFuture<PeerSession> result = new CompletableFuture<>();
		new Attempt(nodeId, candidates.iterator(), result).next();
		return result;
	}

	/** Tries the relays one after the other; the first CIRCUIT_ACCEPT wins. */
	private final class Attempt {

		private final String nodeId;

		private final Iterator<PeerSession> candidates;

		private final CompletableFuture<PeerSession> result;

		private final List<String> failures = new ArrayList<>();

		Attempt(String nodeId, Iterator<PeerSession> candidates, CompletableFuture<PeerSession> result) {
			this.nodeId = nodeId;
			this.candidates = candidates;
			this.result = result;
		}

		void next() {
			while (this.candidates.hasNext()) {
				PeerSession hop = this.candidates.next();
				Opening opening = new Opening(this, hop);
				int id = CircuitEndpoints.this.relay.table.allocate(hop, false, opening);
				opening.id = id;
				if (CircuitEndpoints.this.relay.sendNow(hop, RelayFrames.open(id, this.nodeId))) {
					opening.startTimer();
					return;
				}
				CircuitEndpoints.this.relay.table.remove(hop, id, opening);
				this.failures.add("'" + hop.getNodeId() + "': cannot send to it now");
			}
			this.result.completeExceptionally(new PeerNotConnectedException("No relay reaches node '" + this.nodeId
					+ "'" + (this.failures.isEmpty() ? "" : ": " + String.join("; ", this.failures))));
		}

		void failed(PeerSession hop, String why) {
			this.failures.add("'" + hop.getNodeId() + "': " + why);
			next();
		}

		void accepted(PeerSession hop, int id) {
			RelayContext relay = CircuitEndpoints.this.relay;
			CircuitConnection connection = new CircuitConnection(relay, CircuitEndpoints.this.sessions, hop, id, false,
					this.nodeId, CircuitEndpoints.this.sendTimeout.toNanos());
			if (!relay.table.register(hop, id, connection)) {
				failed(hop, "circuit id reused");
				return;
			}
			PeerAddress via = PeerAddress.of(hop.getRemoteAddress());
			DialRequest dial = new DialRequest(via, null);
			dial.result().whenComplete((session, failure) -> {
				if (failure != null) {
					this.result.completeExceptionally(failure);
				}
				else if (!session.getNodeId().equals(this.nodeId)) {
					// the relay connected us to someone else: never use it as the node asked for
					connection.close(new CircuitClosedException(RelayReason.MALFORMED, "relay '" + hop.getNodeId()
							+ "' connected to '" + session.getNodeId() + "' instead of '" + this.nodeId + "'"));
					this.result.completeExceptionally(new PeerNotConnectedException("Relay '" + hop.getNodeId()
							+ "' connected to '" + session.getNodeId() + "' instead of '" + this.nodeId + "'"));
				}
				else {
					this.result.complete(session);
				}
			});
			connection.start(() -> {
				try {
					dial.run(() -> CircuitEndpoints.this.sessions.opened(connection));
				}
				catch (Exception ex) {
					dial.failed(ex);
					connection.close(ex);
				}
			}, dial::failed);
		}

	}

	/** A CIRCUIT_OPEN sent, waiting for the relay's answer. */
	private final class Opening implements CircuitEnd {

		private final Attempt attempt;

		private final PeerSession hop;

		private final AtomicBoolean done = new AtomicBoolean();

		volatile int id;

		private volatile @Nullable ScheduledFuture<?> timer;

		Opening(Attempt attempt, PeerSession hop) {
			this.attempt = attempt;
			this.hop = hop;
		}

		void startTimer() {
			// the relay answers within its accept timeout; ours is the same plus a margin for the two hops
			long millis = CircuitEndpoints.this.relay.settings.acceptTimeout().toMillis() + 5_000;
			try {
				this.timer = CircuitEndpoints.this.relay.engine().timers().schedule(() -> {
					if (finish()) {
						CircuitEndpoints.this.relay.sendNow(this.hop, RelayFrames.close(new RelayFrames.Refusal(this.id,
								RelayReason.NORMAL, "no answer in time")));
						this.attempt.failed(this.hop, "no answer within " + millis + " ms");
					}
				}, millis, TimeUnit.MILLISECONDS);
			}
			catch (RuntimeException ex) {
				// the node stops: the hop ends and fails this attempt
			}
		}

		private boolean finish() {
			if (!this.done.compareAndSet(false, true)) {
				return false;
			}
			CircuitEndpoints.this.relay.table.remove(this.hop, this.id, this);
			ScheduledFuture<?> current = this.timer;
			if (current != null) {
				current.cancel(false);
			}
			return true;
		}

		@Override
		public void frame(PeerSession from, Frame frame) {
			switch (frame.type()) {
				case ControlCode.CIRCUIT_ACCEPT -> {
					RelayFrames.readAccept(frame.payload());
					if (finish()) {
						this.attempt.accepted(this.hop, this.id);
					}
				}
				case ControlCode.RELAY_REFUSED, ControlCode.CIRCUIT_CLOSE -> {
					RelayFrames.Refusal refusal = RelayFrames.readRefusal(frame.payload());
					if (finish()) {
						CircuitEndpoints.this.relay.report(refusal.reason(), this.hop.getNodeId(), this.id,
								refusal.text(), false);
						this.attempt.failed(this.hop, CircuitConnection.tag(refusal.reason()) + ": " + refusal.text());
					}
				}
				default -> {
					if (finish()) {
						CircuitEndpoints.this.relay.sendNow(this.hop, RelayFrames.close(new RelayFrames.Refusal(this.id,
								RelayReason.MALFORMED, ControlCode.describe(frame.type()) + " before CIRCUIT_ACCEPT")));
						this.attempt.failed(this.hop, ControlCode.describe(frame.type()) + " before CIRCUIT_ACCEPT");
					}
				}
			}
		}

		@Override
		public void hopLost(PeerSession lost, String detail) {
			if (finish()) {
				this.attempt.failed(this.hop, "session lost (" + detail + ")");
			}
		}

	}

}
