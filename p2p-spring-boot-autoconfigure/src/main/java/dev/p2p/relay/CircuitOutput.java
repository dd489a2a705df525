package dev.p2p.relay;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.p2p.reach.RelayFrames;
import dev.p2p.wire.Frame;
import dev.p2p.wire.FrameFormat;

/**
 * The sending half of a circuit: cuts what is written into CIRCUIT_DATA frames no larger than
 * the credit the other end granted, and queues them on the hop, waiting on the writing thread for
 * credit (at most the send timeout).
 */
final class CircuitOutput extends CircuitStreams.BlockOutput {

	/**
	 * Most connection bytes this end puts in one CIRCUIT_DATA (the protocol allows
	 * {@value RelayFrames#MAX_DATA}): then the whole frame, header and circuit id included, is
	 * 64 KiB and leaves in one write of the hop's 64 KiB write buffer, at this end and at the
	 * relay, instead of a full buffer and a few bytes on their own.
	 */
	static final int CHUNK = 64 * 1024 - FrameFormat.HEADER_SIZE - RelayFrames.DATA_HEADER_SIZE;

	private final CircuitConnection circuit;

	private final long sendTimeoutNanos;

	private final ReentrantLock creditLock = new ReentrantLock();

	private final Condition creditGranted = this.creditLock.newCondition();

	/** Bytes this end may still send (guarded by creditLock). */
	private long sendCredit;

	/**
	 * @param circuit the circuit
	 * @param window the credit the other end grants at the start
	 * @param sendTimeoutNanos longest wait for credit
	 */
	CircuitOutput(CircuitConnection circuit, long window, long sendTimeoutNanos) {
		this.circuit = circuit;
		this.sendCredit = window;
		this.sendTimeoutNanos = sendTimeoutNanos;
	}

	/**
	 * The other end granted more (CIRCUIT_CREDIT, on the hop's reader thread: never waits long).
	 * @param credit bytes
	 */
	void granted(int credit) {
		this.creditLock.lock();
		try {
			this.sendCredit += credit;
			this.creditGranted.signalAll();
		}
		finally {
			this.creditLock.unlock();
		}
	}

	/** The circuit closed: writers waiting for credit give up. */
	void closed() {
		granted(0);
	}

	@Override
	public void write(byte[] buffer, int offset, int length) throws IOException {
		int done = 0;
		while (done < length) {
			int n = awaitCredit(Math.min(length - done, CHUNK));
			Frame data = RelayFrames.data(this.circuit.circuitId(), buffer, offset + done, n);
			this.circuit.relay().engine().sender().send(this.circuit.hop(), null, data, null);
			done += n;
		}
	}

	/** Wait for credit, take what there is, up to what is wanted. */
	private int awaitCredit(int wanted) throws IOException {
		long deadline = System.nanoTime() + this.sendTimeoutNanos;
		this.creditLock.lock();
		try {
			while (this.sendCredit <= 0) {
				checkOpen();
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new IOException("no credit from '" + this.circuit.peerNodeId() + "' on relay circuit "
							+ this.circuit.id() + " for " + TimeUnit.NANOSECONDS.toMillis(this.sendTimeoutNanos)
							+ " ms (p2p.send.timeout)");
				}
				this.creditGranted.awaitNanos(left);
			}
			checkOpen();
			int granted = (int) Math.min(this.sendCredit, wanted);
			this.sendCredit -= granted;
			return granted;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted while waiting for relay circuit credit");
		}
		finally {
			this.creditLock.unlock();
		}
	}

	private void checkOpen() throws IOException {
		if (!this.circuit.isOpen()) {
			throw new IOException("relay circuit " + this.circuit.id() + " is closed");
		}
	}

}
