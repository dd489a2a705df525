package dev.p2p.nat;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.p2p.peer.PeerSession;
import dev.p2p.peer.SessionPath;
import dev.p2p.reach.AddressKind;
import dev.p2p.reach.HolePunchFrames;
import dev.p2p.reach.HolePunchFrames.DialBack;
import dev.p2p.reach.ReachableAddress;
import dev.p2p.session.NodeEngine;
import dev.p2p.session.SessionExtension;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;

/**
 * The dial-back protocol on the node's sessions (AutoNAT-style). Asking: once
 * {@link ObservedAddresses} has a candidate, the peer whose observation made it one is sent a
 * DIAL_BACK with a random nonce; the address is confirmed only when both the peer's
 * DIAL_BACK_RESULT says it reached it and the DIAL_BACK_PROBE with that nonce arrived on this
 * node's own listener (so a peer cannot confirm an address by its word alone). Answering: a
 * peer's DIAL_BACK goes to the {@link DialBackResponder}.
 */
public final class DialBacks implements SessionExtension {

	private static final Log logger = LogFactory.getLog(DialBacks.class);

	/** Requests of this node waiting for their result and probe. */
	private static final int MAX_PENDING = 8;

	private static final long PENDING_NANOS = TimeUnit.SECONDS.toNanos(30);

	private final ObservedAddresses observed;

	private final @Nullable DialBackResponder responder;

	private final boolean ask;

	private final SecureRandom random = new SecureRandom();

	private final Map<Long, Pending> pending = new LinkedHashMap<>();

	private final AtomicLong asked = new AtomicLong();

	private final AtomicLong confirmedCount = new AtomicLong();

	private final AtomicLong failedCount = new AtomicLong();

	private final AtomicLong answered = new AtomicLong();

	private final AtomicLong refused = new AtomicLong();

	private volatile @Nullable NodeEngine engine;

	private volatile int listenPort;

	private static final class Pending {

		final List<InetSocketAddress> candidates;

		final long createdNanos = System.nanoTime();

		boolean probed;

		@Nullable InetSocketAddress reached;

		Pending(List<InetSocketAddress> candidates) {
			this.candidates = candidates;
		}

	}

	/**
	 * Create the protocol.
	 * @param observed the node's observed addresses
	 * @param responder answers peers' requests, {@code null} to refuse them
	 * @param ask whether this node asks peers to dial it back
	 */
	public DialBacks(ObservedAddresses observed, @Nullable DialBackResponder responder, boolean ask) {
		this.observed = observed;
		this.responder = responder;
		this.ask = ask;
	}

	@Override
	public boolean handles(int code) {
		return code == ControlCode.DIAL_BACK || code == ControlCode.DIAL_BACK_RESULT
				|| code == ControlCode.DIAL_BACK_PROBE;
	}

	@Override
	public void started(NodeEngine engine) {
		this.engine = engine;
	}

	@Override
	public void stopping() {
		this.engine = null;
	}

	/**
	 * A peer reported where it saw this node's connection come from.
	 * @param session the session with that peer
	 * @param address the observed address
	 */
	public void observed(PeerSession session, InetSocketAddress address) {
		if (session.path() != SessionPath.DIRECT || address.getAddress() == null) {
			return;
		}
		// ordinary dials leave from an ephemeral port: the peer saw this node's public IP, and the
		// address to check is that IP with the listen port (a port-preserving NAT maps it there)
		int listenPort = this.listenPort;
		InetSocketAddress candidate = (listenPort > 0) ? new InetSocketAddress(address.getAddress(), listenPort)
				: address;
		if (this.observed.observe(session.getNodeId(), candidate) && this.ask) {
			askDialBack(session, List.of(candidate));
		}
	}

	/**
	 * The port the node listens on, onto which observed addresses are mapped.
	 * @param listenPort the bound port, 0 when not listening
	 */
	public void listenPort(int listenPort) {
		this.listenPort = listenPort;
	}

	/**
	 * Ask a peer to dial this node back at some addresses.
	 * @param session the peer's session
	 * @param candidates the addresses
	 * @return whether the request was sent
	 */
	public boolean askDialBack(PeerSession session, List<InetSocketAddress> candidates) {
		NodeEngine running = this.engine;
		if (running == null || candidates.isEmpty()) {
			return false;
		}
		long nonce = this.random.nextLong();
		synchronized (this.pending) {
			expire();
			if (this.pending.size() >= MAX_PENDING) {
				return false;
			}
			this.pending.put(nonce, new Pending(List.copyOf(candidates)));
		}
		List<ReachableAddress> addresses = candidates.stream()
			.filter((a) -> a.getAddress() != null)
			.map((a) -> new ReachableAddress(a.getAddress(), a.getPort(), AddressKind.OBSERVED))
			.toList();
		boolean sent = running.sender().sendNow(session, HolePunchFrames.dialBack(nonce, addresses));
		if (sent) {
			this.asked.incrementAndGet();
			logger.debug("Asked '" + session.getNodeId() + "' to dial back " + addresses);
		}
		return sent;
	}

	@Override
	public boolean controlFrame(PeerSession session, Frame frame) {
		try {
			switch (frame.type()) {
				case ControlCode.DIAL_BACK -> answer(session, HolePunchFrames.readDialBack(frame.payload()));
				case ControlCode.DIAL_BACK_RESULT -> result(session, HolePunchFrames.readDialBackResult(frame.payload()));
				case ControlCode.DIAL_BACK_PROBE -> probed(HolePunchFrames.readProbe(frame.payload()));
				default -> {
				}
			}
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Ignored a malformed " + ControlCode.describe(frame.type()) + " from '" + session.getNodeId()
					+ "': " + ex.getMessage());
		}
		return true;
	}

	private void answer(PeerSession session, DialBack request) {
		DialBackResponder dialer = this.responder;
		NodeEngine running = this.engine;
		if (running == null) {
			return;
		}
		if (dialer == null || session.path() != SessionPath.DIRECT) {
			this.refused.incrementAndGet();
			running.sender().sendNow(session, HolePunchFrames.dialBackResult(
					new DialBack(request.nonce(), HolePunchFrames.REFUSED, List.of())));
			return;
		}
		dialer.handle(session.getNodeId(), session.getRemoteAddress().getAddress(), request, (result) -> {
			(result.status() == HolePunchFrames.REACHED || result.status() == HolePunchFrames.UNREACHABLE
					? this.answered : this.refused).incrementAndGet();
			running.sender().sendNow(session, HolePunchFrames.dialBackResult(result));
		});
	}

	private void result(PeerSession session, DialBack result) {
		Pending request;
		synchronized (this.pending) {
			request = this.pending.get(result.nonce());
			if (request == null) {
				return;
			}
			if (result.status() == HolePunchFrames.REACHED) {
				InetSocketAddress reached = result.addresses().get(0).socketAddress();
				if (!request.candidates.contains(reached)) {
					logger.warn("'" + session.getNodeId() + "' says it reached " + reached
							+ ", an address this node did not ask for; ignored");
					this.pending.remove(result.nonce());
					return;
				}
				request.reached = reached;
				if (!request.probed) {
					// the probe comes on its own connection and may still be on its way
					return;
				}
			}
			this.pending.remove(result.nonce());
		}
		conclude(session.getNodeId(), request, result.status());
	}

	private void probed(long nonce) {
		Pending request;
		synchronized (this.pending) {
			request = this.pending.get(nonce);
			if (request == null) {
				return;
			}
			request.probed = true;
			if (request.reached == null) {
				return;
			}
			this.pending.remove(nonce);
		}
		conclude("a peer", request, HolePunchFrames.REACHED);
	}

	private void conclude(String peer, Pending request, int status) {
		InetSocketAddress reached = request.reached;
		if (status == HolePunchFrames.REACHED && reached != null) {
			this.confirmedCount.incrementAndGet();
			logger.info("Address " + ObservedAddresses.format(reached) + " confirmed: " + peer
					+ " dialled this node back there");
			this.observed.confirmed(reached);
		}
		else if (status == HolePunchFrames.UNREACHABLE) {
			this.failedCount.incrementAndGet();
			logger.info("Dial-back by " + peer + " failed: " + request.candidates + " not reachable from outside");
			request.candidates.forEach(this.observed::unreachable);
		}
	}

	private void expire() {
		long now = System.nanoTime();
		this.pending.values().removeIf((p) -> now - p.createdNanos > PENDING_NANOS);
	}

	/**
	 * Counts for metrics.
	 * @param outcome {@code asked}, {@code confirmed}, {@code unreachable}, {@code answered} or {@code refused}
	 * @return how many so far
	 */
	public long count(String outcome) {
		return switch (outcome) {
			case "asked" -> this.asked.get();
			case "confirmed" -> this.confirmedCount.get();
			case "unreachable" -> this.failedCount.get();
			case "answered" -> this.answered.get();
			case "refused" -> this.refused.get();
			default -> 0;
		};
	}

	/**
	 * The observations behind this protocol.
	 * @return the node's observed addresses
	 */
	public ObservedAddresses observedAddresses() {
		return this.observed;
	}

}
