package dev.p2p.relay;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

import dev.p2p.peer.PeerNotConnectedException;
import dev.p2p.peer.PeerSession;
import dev.p2p.reach.RelayFrames;
import dev.p2p.reach.RelayReason;
import dev.p2p.session.NodeEngine;
import dev.p2p.session.SessionExtension;
import dev.p2p.transport.TlsSettings;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;

/**
 * The relay protocol of one node (the control frames RESERVE to CIRCUIT_CLOSE), registered on
 * the node as a {@link SessionExtension}: the relay side when {@code p2p.relay.enabled}, the
 * reservations on {@code p2p.relay.peers}, and the ends of circuits (reaching nodes by id). A
 * circuit frame goes only to whoever set that circuit up on that hop; one for a circuit nobody
 * set up is dropped and reported, never forwarded.
 */
public final class PeerRelay implements SessionExtension {

	private final RelayContext relay;

	private final RelayService service;

	private final RelayReservations reservations;

	private final CircuitEndpoints endpoints;

	/**
	 * Create the relay protocol of a node.
	 * @param settings {@code p2p.relay.*}
	 * @param metrics what to count
	 * @param nodeId the node's id
	 * @param sendTimeout how long a circuit's writer waits for credit ({@code p2p.send.timeout})
	 * @param tls TLS inside circuits, end to end ({@code p2p.ssl.bundle}), or {@code null}
	 * @param publisher where events go
	 * @param eventSource the node, as the source of events
	 */
	public PeerRelay(RelaySettings settings, RelayMetrics metrics, String nodeId, Duration sendTimeout,
			@Nullable TlsSettings tls, ApplicationEventPublisher publisher, Object eventSource) {
		this.relay = new RelayContext(settings, metrics, nodeId, tls, publisher, eventSource);
		this.service = new RelayService(this.relay);
		this.reservations = new RelayReservations(this.relay);
		this.endpoints = new CircuitEndpoints(this.relay, new EngineSessions(this.relay), this.reservations::relays,
				sendTimeout);
	}

	@Override
	public boolean handles(int code) {
		return ControlCode.isRelay(code);
	}

	@Override
	public void started(NodeEngine engine) {
		this.relay.started(engine);
		this.service.started();
		this.reservations.started();
	}

	@Override
	public boolean controlFrame(PeerSession session, Frame frame) {
		try {
			switch (frame.type()) {
				case ControlCode.RESERVE -> this.service.reserve(session, RelayFrames.readReserve(frame.payload()));
				case ControlCode.RESERVE_OK -> this.reservations.granted(session,
						RelayFrames.readReserveOk(frame.payload()));
				case ControlCode.CIRCUIT_OPEN -> this.service.open(session, RelayFrames.readOpen(frame.payload()));
				case ControlCode.CIRCUIT_INCOMING -> this.endpoints.incoming(session,
						RelayFrames.readIncoming(frame.payload()));
				case ControlCode.RELAY_REFUSED -> {
					int circuitId = RelayFrames.circuitOf(frame.payload());
					if (circuitId == 0) {
						this.reservations.refused(session, RelayFrames.readRefusal(frame.payload()));
					}
					else {
						toCircuit(session, circuitId, frame);
					}
				}
				case ControlCode.CIRCUIT_ACCEPT, ControlCode.CIRCUIT_DATA, ControlCode.CIRCUIT_CREDIT,
						ControlCode.CIRCUIT_CLOSE ->
					toCircuit(session, RelayFrames.circuitOf(frame.payload()), frame);
				default -> this.relay.report(RelayReason.MALFORMED, session.getNodeId(), 0,
						"unknown relay frame " + ControlCode.describe(frame.type()) + " dropped", true);
			}
		}
		catch (IllegalArgumentException ex) {
			this.relay.report(RelayReason.MALFORMED, session.getNodeId(), 0, "malformed "
					+ ControlCode.describe(frame.type()) + " dropped: " + ex.getMessage(), true);
		}
		return true;
	}

	private void toCircuit(PeerSession session, int circuitId, Frame frame) {
		CircuitEnd end = this.relay.table.find(session, circuitId);
		if (end != null) {
			end.frame(session, frame);
		}
		else if (frame.type() != ControlCode.CIRCUIT_CLOSE && frame.type() != ControlCode.CIRCUIT_CREDIT) {
			// a close or credit may cross the circuit's end on the wire; anything else was never set up
			this.relay.report(RelayReason.MALFORMED, session.getNodeId(), circuitId, ControlCode.describe(frame.type())
					+ " for circuit " + Integer.toUnsignedString(circuitId) + " that was never set up on this hop: dropped",
					true);
		}
	}

	@Override
	public void sessionActive(PeerSession session) {
		this.reservations.sessionActive(session);
	}

	@Override
	public void sessionEnded(PeerSession session, String detail) {
		this.service.sessionEnded(session);
		this.reservations.sessionEnded(session);
		for (CircuitEnd end : this.relay.table.removeHop(session)) {
			end.hopLost(session, detail);
		}
	}

	@Override
	public void stopping() {
		this.service.stopping();
	}

	@Override
	public @Nullable CompletableFuture<PeerSession> connect(String nodeId) {
		CompletableFuture<PeerSession> dial = this.endpoints.connect(nodeId);
		if (dial == null && !this.relay.settings.peers().isEmpty()) {
			return CompletableFuture.failedFuture(new PeerNotConnectedException("Cannot reach node '" + nodeId
					+ "' yet: this node is not connected to any relay of p2p.relay.peers " + this.relay.settings.peers()
					+ " now (they are dialled and redialled like static peers)"));
		}
		return dial;
	}

	/**
	 * The relays this node holds a reservation on.
	 * @return their node ids
	 */
	public List<String> getReservations() {
		return this.reservations.reservedOn();
	}

	/**
	 * Where the relays this node holds a reservation on see it: the source address and port of
	 * its connection to each, as the relay's RESERVE_OK reports them (behind a NAT: the mapping
	 * the NAT made). Advice, like an observed address: nothing is advertised from it.
	 * @return relay node id to address, for the reservations that carried one
	 */
	public Map<String, InetSocketAddress> getReservationAddresses() {
		return this.reservations.seenAt();
	}

	/**
	 * Nodes holding a reservation on this relay.
	 * @return their node ids, empty when not relaying
	 */
	public List<String> getReservedNodes() {
		return this.service.reservedNodes();
	}

	/**
	 * Circuits through this relay now.
	 * @return the count
	 */
	public int getRelayedCircuits() {
		return this.service.openCircuits();
	}

	/**
	 * Whether this node relays for others.
	 * @return {@code p2p.relay.enabled}
	 */
	public boolean isRelaying() {
		return this.relay.settings.enabled();
	}

}
