package dev.p2p.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Relay configuration ({@code p2p.relay.*}): whether this node relays sessions of other nodes,
 * with which limits, and which relays it keeps a reservation on so that nodes it cannot be dialled
 * by reach it through them.
 */
@ConfigurationProperties("p2p.relay")
public class P2pRelayProperties {

	/**
	 * Whether this node relays sessions for other nodes (usually a node with a public address):
	 * it grants reservations and carries circuits within the limits below. Off by default: a
	 * node that does not relay refuses every reservation and circuit with RELAY_DISABLED.
	 */
	private boolean enabled;

	/**
	 * Relays this node keeps a reservation on, as host:port (for example a public node with
	 * p2p.relay.enabled). They are dialled and redialled like p2p.peers, and the reservation is
	 * renewed at half its lifetime, so that other nodes reach this one by node id through them.
	 */
	private List<String> peers = new ArrayList<>();

	/**
	 * Most nodes holding a reservation on this relay at once; more are refused with TOTAL_LIMIT.
	 */
	private int maxReservations = 128;

	/**
	 * Lifetime of a reservation this relay grants (at least 2s); holders renew at half of it.
	 */
	private Duration reservationTtl = Duration.ofHours(1);

	/**
	 * Most circuits through this relay at once; more are refused with TOTAL_LIMIT.
	 */
	private int maxCircuits = 64;

	/**
	 * Most circuits one node takes part in at once through this relay, as opener or target;
	 * more are refused with PER_NODE_LIMIT.
	 */
	private int maxCircuitsPerNode = 4;

	/**
	 * Longest a circuit lasts before this relay closes it (DURATION_LIMIT); 0 for no limit (a
	 * private relay).
	 */
	private Duration maxCircuitDuration = Duration.ofMinutes(2);

	/**
	 * Most bytes one circuit carries, both directions together, before this relay closes it
	 * (DATA_LIMIT); 0 for no limit.
	 */
	private DataSize maxCircuitBytes = DataSize.ofMegabytes(128);

	/**
	 * How long the target of a circuit has to accept it before the relay refuses the circuit
	 * with TARGET_REFUSED.
	 */
	private Duration acceptTimeout = Duration.ofSeconds(5);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getPeers() {
		return this.peers;
	}

	public void setPeers(List<String> peers) {
		this.peers = peers;
	}

	public int getMaxReservations() {
		return this.maxReservations;
	}

	public void setMaxReservations(int maxReservations) {
		this.maxReservations = maxReservations;
	}

	public Duration getReservationTtl() {
		return this.reservationTtl;
	}

	public void setReservationTtl(Duration reservationTtl) {
		this.reservationTtl = reservationTtl;
	}

	public int getMaxCircuits() {
		return this.maxCircuits;
	}

	public void setMaxCircuits(int maxCircuits) {
		this.maxCircuits = maxCircuits;
	}

	public int getMaxCircuitsPerNode() {
		return this.maxCircuitsPerNode;
	}

	public void setMaxCircuitsPerNode(int maxCircuitsPerNode) {
		this.maxCircuitsPerNode = maxCircuitsPerNode;
	}

	public Duration getMaxCircuitDuration() {
		return this.maxCircuitDuration;
	}

	public void setMaxCircuitDuration(Duration maxCircuitDuration) {
		this.maxCircuitDuration = maxCircuitDuration;
	}

	public DataSize getMaxCircuitBytes() {
		return this.maxCircuitBytes;
	}

	public void setMaxCircuitBytes(DataSize maxCircuitBytes) {
		this.maxCircuitBytes = maxCircuitBytes;
	}

	public Duration getAcceptTimeout() {
		return this.acceptTimeout;
	}

	public void setAcceptTimeout(Duration acceptTimeout) {
		this.acceptTimeout = acceptTimeout;
	}

}
