package dev.p2p.relay;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import dev.p2p.peer.PeerSession;
import dev.p2p.reach.RelayFrames;
import dev.p2p.reach.RelayReason;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;

/**
 * One circuit through this relay, from the node that opened it ({@code source}, its circuit id)
 * to the node with the reservation ({@code target}, the relay's id on that hop). Frames are
 * forwarded on the reader thread of the hop they came on, into the other hop's send queue
 * without waiting: the end-to-end credit (CIRCUIT_CREDIT) bounds what one circuit direction can
 * have queued to one window, and a sender beyond it closes the circuit as {@code MALFORMED}.
 */
final class RelayedCircuit implements CircuitEnd {

	private final RelayService service;

	private final RelayContext relay;

	private final PeerSession source;

	private final int sourceId;

	private final PeerSession target;

	private volatile int targetId;

	private volatile boolean open;

	private final AtomicBoolean ended = new AtomicBoolean();

	private final AtomicLong bytes = new AtomicLong();

	/** Data forwarded towards the target minus credit forwarded back from it. */
	private final AtomicLong inFlightToTarget = new AtomicLong();

	/** Data forwarded towards the source minus credit forwarded back from it. */
	private final AtomicLong inFlightToSource = new AtomicLong();

	private volatile @Nullable ScheduledFuture<?> timer;

	RelayedCircuit(RelayService service, RelayContext relay, PeerSession source, int sourceId, PeerSession target) {
		this.service = service;
		this.relay = relay;
		this.source = source;
		this.sourceId = sourceId;
		this.target = target;
	}

	PeerSession source() {
		return this.source;
	}

	PeerSession target() {
		return this.target;
	}

	/** Offer the circuit to the target, which has the accept timeout to take it. */
	void incoming(Duration acceptTimeout) {
		RelaySettings settings = this.relay.settings;
		this.targetId = this.relay.table.allocate(this.target, true, this);
		Frame incoming = RelayFrames.incoming(new RelayFrames.Circuit(this.targetId, this.source.getNodeId(),
				settings.maxCircuitSeconds(), settings.maxCircuitBytes()));
		if (!this.relay.sendNow(this.target, incoming)) {
			refuseSource(RelayReason.TARGET_REFUSED, "node '" + this.target.getNodeId() + "' cannot be reached now");
			end();
			return;
		}
		this.timer = this.service.schedule(this::acceptTimedOut, acceptTimeout.toMillis());
	}

	private void acceptTimedOut() {
		if (!this.open && !this.ended.get()) {
			this.relay.sendNow(this.target, RelayFrames.close(new RelayFrames.Refusal(this.targetId,
					RelayReason.TARGET_REFUSED, "not accepted in time")));
			refuseSource(RelayReason.TARGET_REFUSED, "node '" + this.target.getNodeId()
					+ "' did not accept the circuit within p2p.relay.accept-timeout");
			end();
		}
	}

	@Override
	public void frame(PeerSession hop, Frame frame) {
		boolean fromSource = hop == this.source;
		switch (frame.type()) {
			case ControlCode.CIRCUIT_ACCEPT -> accepted(fromSource);
			case ControlCode.RELAY_REFUSED -> {
				if (fromSource || this.open) {
					close(RelayReason.MALFORMED, "RELAY_REFUSED for an open circuit");
				}
				else {
					refuseSource(RelayReason.TARGET_REFUSED, "node '" + this.target.getNodeId() + "' refused: "
							+ RelayFrames.readRefusal(frame.payload()).text());
					end();
				}
			}
			case ControlCode.CIRCUIT_DATA -> data(fromSource, frame);
			case ControlCode.CIRCUIT_CREDIT -> credit(fromSource, frame);
			case ControlCode.CIRCUIT_CLOSE -> {
				RelayFrames.Refusal close = RelayFrames.readRefusal(frame.payload());
				PeerSession other = fromSource ? this.target : this.source;
				this.relay.sendNow(other, RelayFrames.close(new RelayFrames.Refusal(fromSource ? this.targetId
						: this.sourceId, close.reason(), close.text())));
				end();
			}
			default -> close(RelayReason.MALFORMED, ControlCode.describe(frame.type()) + " is not a circuit frame");
		}
	}

	private void accepted(boolean fromSource) {
		if (fromSource || this.open) {
			close(RelayReason.MALFORMED, "CIRCUIT_ACCEPT from the wrong end or twice");
			return;
		}
		this.open = true;
		cancelTimer();
		RelaySettings settings = this.relay.settings;
		this.relay.sendNow(this.source, RelayFrames.accept(this.sourceId, settings.maxCircuitSeconds(),
				settings.maxCircuitBytes()));
		if (settings.maxCircuitSeconds() > 0) {
			this.timer = this.service.schedule(() -> close(RelayReason.DURATION_LIMIT, "the circuit lasted "
					+ settings.maxCircuitSeconds() + " s (p2p.relay.max-circuit-duration)"),
					settings.maxCircuitDuration().toMillis());
		}
	}

	private void data(boolean fromSource, Frame frame) {
		int length = RelayFrames.dataLength(frame.payload());
		if (!this.open) {
			close(RelayReason.MALFORMED, "CIRCUIT_DATA before CIRCUIT_ACCEPT");
			return;
		}
		long limit = this.relay.settings.maxCircuitBytes();
		if (limit > 0 && this.bytes.addAndGet(length) > limit) {
			close(RelayReason.DATA_LIMIT, "the circuit carried " + limit + " bytes (p2p.relay.max-circuit-bytes)");
			return;
		}
		AtomicLong inFlight = fromSource ? this.inFlightToTarget : this.inFlightToSource;
		if (inFlight.addAndGet(length) > CircuitConnection.WINDOW) {
			close(RelayReason.MALFORMED, "node '" + (fromSource ? this.source : this.target).getNodeId()
					+ "' sent beyond its circuit credit");
			return;
		}
		if (!forward(fromSource, frame)) {
			return;
		}
		this.relay.metrics.forwarded(fromSource, length);
	}

	private void credit(boolean fromSource, Frame frame) {
		int credit = RelayFrames.readCredit(frame.payload());
		if (!this.open) {
			close(RelayReason.MALFORMED, "CIRCUIT_CREDIT before CIRCUIT_ACCEPT");
			return;
		}
		// credit from the target is for data towards the target
		(fromSource ? this.inFlightToSource : this.inFlightToTarget).addAndGet(-credit);
		forward(fromSource, frame);
	}

	/** Forward a frame to the other hop under the other hop's circuit id (rewritten in place). */
	private boolean forward(boolean fromSource, Frame frame) {
		byte[] payload = frame.payload();
		int id = fromSource ? this.targetId : this.sourceId;
		payload[0] = (byte) id;
		payload[1] = (byte) (id >>> 8);
		payload[2] = (byte) (id >>> 16);
		payload[3] = (byte) (id >>> 24);
		if (!this.relay.sendNow(fromSource ? this.target : this.source, frame)) {
			close(RelayReason.NORMAL, "the relay's send queue to '" + (fromSource ? this.target : this.source)
				.getNodeId() + "' is full");
			return false;
		}
		return true;
	}

	@Override
	public void hopLost(PeerSession hop, String detail) {
		String text = "relay '" + this.relay.nodeId + "' lost its session with '" + hop.getNodeId() + "': " + detail;
		if (hop == this.source) {
			this.relay.sendNow(this.target, RelayFrames.close(new RelayFrames.Refusal(this.targetId,
					RelayReason.NORMAL, text)));
		}
		else if (this.open) {
			this.relay.sendNow(this.source, RelayFrames.close(new RelayFrames.Refusal(this.sourceId,
					RelayReason.NORMAL, text)));
		}
		else {
			refuseSource(RelayReason.TARGET_REFUSED, text);
		}
		end();
	}

	/**
	 * End the circuit by this relay's decision, telling both ends why.
	 * @param reason why
	 * @param text why, in words
	 */
	void close(RelayReason reason, String text) {
		if (this.ended.get()) {
			return;
		}
		if (this.open) {
			this.relay.sendNow(this.source, RelayFrames.close(new RelayFrames.Refusal(this.sourceId, reason, text)));
			this.relay.report(reason, this.source.getNodeId(), this.sourceId, text, true);
		}
		else {
			refuseSource(reason, text);
		}
		this.relay.sendNow(this.target, RelayFrames.close(new RelayFrames.Refusal(this.targetId, reason, text)));
		end();
	}

	private void refuseSource(RelayReason reason, String text) {
		this.relay.refuse(this.source, this.sourceId, reason, text);
	}

	private void end() {
		if (!this.ended.compareAndSet(false, true)) {
			return;
		}
		cancelTimer();
		this.relay.table.remove(this.source, this.sourceId, this);
		this.relay.table.remove(this.target, this.targetId, this);
		this.service.ended(this);
	}

	private void cancelTimer() {
		ScheduledFuture<?> current = this.timer;
		if (current != null) {
			current.cancel(false);
		}
	}

}
