package dev.p2p.metrics;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.p2p.event.DatagramDropReason;
import dev.p2p.event.DiscoverySource;
import dev.p2p.event.HandshakeFailure;
import dev.p2p.event.Limit;
import dev.p2p.event.RejectionReason;
import dev.p2p.peer.PeerSession;
import dev.p2p.peer.StreamOutcome;

/**
 * Keeps a failing {@link PeerMetrics} from breaking the node: its calls come from I/O, writer
 * and listener threads, between a write and its futures or a read and its delivery, so an
 * exception escaping it would strand packets. A failure is logged (the first one with its
 * stack trace, later ones at debug level) and otherwise ignored. Each hook is written out rather
 * than passed to one helper as a lambda, so that the calls on the hot path allocate nothing.
 */
public final class GuardedPeerMetrics implements PeerMetrics {

	private static final Log logger = LogFactory.getLog(GuardedPeerMetrics.class);

	private final PeerMetrics delegate;

	private final AtomicBoolean failedBefore = new AtomicBoolean();

	GuardedPeerMetrics(PeerMetrics delegate) {
		this.delegate = delegate;
	}

	@Override
	public void packetsSent(PeerSession session, int typeCode, int count) {
		try {
			this.delegate.packetsSent(session, typeCode, count);
		}
		catch (RuntimeException ex) {
			failed("packetsSent", ex);
		}
	}

	@Override
	public void packetsReceived(PeerSession session, int typeCode, int count) {
		try {
			this.delegate.packetsReceived(session, typeCode, count);
		}
		catch (RuntimeException ex) {
			failed("packetsReceived", ex);
		}
	}

	@Override
	public void bytesSent(PeerSession session, long bytes) {
		try {
			this.delegate.bytesSent(session, bytes);
		}
		catch (RuntimeException ex) {
			failed("bytesSent", ex);
		}
	}

	@Override
	public void bytesReceived(PeerSession session, long bytes) {
		try {
			this.delegate.bytesReceived(session, bytes);
		}
		catch (RuntimeException ex) {
			failed("bytesReceived", ex);
		}
	}

	@Override
	public void handshakeSucceeded() {
		try {
			this.delegate.handshakeSucceeded();
		}
		catch (RuntimeException ex) {
			failed("handshakeSucceeded", ex);
		}
	}

	@Override
	public void handshakeFailed(HandshakeFailure failure) {
		try {
			this.delegate.handshakeFailed(failure);
		}
		catch (RuntimeException ex) {
			failed("handshakeFailed", ex);
		}
	}

	@Override
	public void limitExceeded(Limit limit) {
		try {
			this.delegate.limitExceeded(limit);
		}
		catch (RuntimeException ex) {
			failed("limitExceeded", ex);
		}
	}

	@Override
	public void packetRejected(RejectionReason reason) {
		try {
			this.delegate.packetRejected(reason);
		}
		catch (RuntimeException ex) {
			failed("packetRejected", ex);
		}
	}

	@Override
	public boolean timesListenerInvocation() {
		try {
			return this.delegate.timesListenerInvocation();
		}
		catch (RuntimeException ex) {
			failed("timesListenerInvocation", ex);
			return false;
		}
	}

	@Override
	public void listenerInvoked(Enum<?> type, boolean failed, long nanos) {
		try {
			this.delegate.listenerInvoked(type, failed, nanos);
		}
		catch (RuntimeException ex) {
			failed("listenerInvoked", ex);
		}
	}

	@Override
	public void requestCompleted(Enum<?> type, RequestOutcome outcome, long nanos) {
		try {
			this.delegate.requestCompleted(type, outcome, nanos);
		}
		catch (RuntimeException ex) {
			failed("requestCompleted", ex);
		}
	}

	@Override
	public void streamEnded(Enum<?> type, boolean sent, StreamOutcome outcome, long bytes, long nanos) {
		try {
			this.delegate.streamEnded(type, sent, outcome, bytes, nanos);
		}
		catch (RuntimeException ex) {
			failed("streamEnded", ex);
		}
	}

	@Override
	public void heartbeatRoundTrip(PeerSession session, long nanos) {
		try {
			this.delegate.heartbeatRoundTrip(session, nanos);
		}
		catch (RuntimeException ex) {
			failed("heartbeatRoundTrip", ex);
		}
	}

	@Override
	public void heartbeatTimedOut() {
		try {
			this.delegate.heartbeatTimedOut();
		}
		catch (RuntimeException ex) {
			failed("heartbeatTimedOut", ex);
		}
	}

	@Override
	public void discoveryDatagramDropped(DatagramDropReason reason) {
		try {
			this.delegate.discoveryDatagramDropped(reason);
		}
		catch (RuntimeException ex) {
			failed("discoveryDatagramDropped", ex);
		}
	}

	@Override
	public void discoveryPeerChanged(DiscoverySource source, boolean lost) {
		try {
			this.delegate.discoveryPeerChanged(source, lost);
		}
		catch (RuntimeException ex) {
			failed("discoveryPeerChanged", ex);
		}
	}

	@Override
	public void sessionClosed(PeerSession session) {
		try {
			this.delegate.sessionClosed(session);
		}
		catch (RuntimeException ex) {
			failed("sessionClosed", ex);
		}
	}

	@Override
	public void packetsResent(int count) {
		try {
			this.delegate.packetsResent(count);
		}
		catch (RuntimeException ex) {
			failed("packetsResent", ex);
		}
	}

	@Override
	public void duplicateDropped() {
		try {
			this.delegate.duplicateDropped();
		}
		catch (RuntimeException ex) {
			failed("duplicateDropped", ex);
		}
	}

	@Override
	public void sessionResumed(String outcome) {
		try {
			this.delegate.sessionResumed(outcome);
		}
		catch (RuntimeException ex) {
			failed("sessionResumed", ex);
		}
	}

	private void failed(String hook, RuntimeException ex) {
		String message = "PeerMetrics " + this.delegate.getClass().getName() + "." + hook + " failed; ignored";
		if (this.failedBefore.compareAndSet(false, true)) {
			logger.warn(message + " (later failures are logged at debug level)", ex);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message, ex);
		}
	}

	@Override
	public String toString() {
		return "guarded " + this.delegate;
	}

}
