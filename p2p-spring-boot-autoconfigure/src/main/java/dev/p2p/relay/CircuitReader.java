package dev.p2p.relay;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.net.ssl.SSLException;

import org.jspecify.annotations.Nullable;

import dev.p2p.reach.RelayFrames;
import dev.p2p.transport.InboundFrames;
import dev.p2p.wire.FrameDecodingException;

/**
 * The receiving half of a circuit, on the circuit's own reader thread: the TLS handshake inside
 * the circuit when configured, then frames decoded from the circuit's bytes and handed to the
 * session engine, and credit given back to the other end for what was read.
 */
final class CircuitReader {

	/** Credit is given back once this many bytes were read. */
	private static final int CREDIT_THRESHOLD = CircuitConnection.WINDOW / 4;

	private static final int MAX_FRAMES_PER_BATCH = 256;

	private static final long MAX_BYTES_PER_BATCH = 256 * 1024;

	private static final int READ_BUFFER_SIZE = 16 * 1024;

	private final CircuitConnection circuit;

	private final CircuitSessions sessions;

	private final CircuitInput input;

	private final @Nullable CircuitTls tls;

	private final long handshakeTimeoutNanos;

	/** Bytes read since credit was last given back (reader thread only). */
	private int unacknowledged;

	private volatile boolean tlsDone;

	CircuitReader(CircuitConnection circuit, CircuitSessions sessions, @Nullable CircuitTls tls, CircuitInput input,
			long handshakeTimeoutNanos) {
		this.circuit = circuit;
		this.sessions = sessions;
		this.tls = tls;
		this.input = input;
		this.handshakeTimeoutNanos = handshakeTimeoutNanos;
	}

	/** Whether the TLS handshake in the circuit is done. */
	boolean isSecured() {
		return this.tlsDone;
	}

	/**
	 * Start the reader: the engine hears of the connection on that thread, then gets what
	 * arrives.
	 * @param opened runs the engine's {@code connectionOpened}
	 * @param failed told if the circuit fails before that
	 */
	void start(Runnable opened, Consumer<Throwable> failed) {
		this.circuit.relay().engine().io().execute(() -> {
			boolean announced = false;
			try {
				if (this.tls != null) {
					secure(this.tls);
				}
				announced = true;
				opened.run();
				readLoop();
			}
			catch (IOException | RuntimeException ex) {
				this.circuit.close(ex);
				if (!announced) {
					failed.accept(ex);
				}
			}
			finally {
				this.sessions.closed(this.circuit);
			}
		});
	}

	/** The TLS handshake inside the circuit, within the send timeout. */
	private void secure(CircuitTls circuitTls) throws IOException {
		ScheduledFuture<?> timeout = this.circuit.relay().engine().timers().schedule(() -> {
			if (!this.tlsDone) {
				this.circuit.close(new SSLException("TLS handshake in relay circuit " + this.circuit.id()
						+ " did not complete within " + TimeUnit.NANOSECONDS.toMillis(this.handshakeTimeoutNanos)
						+ " ms"));
			}
		}, this.handshakeTimeoutNanos, TimeUnit.NANOSECONDS);
		try {
			circuitTls.handshake();
			this.tlsDone = true;
		}
		catch (IOException ex) {
			Throwable cause = this.circuit.closeCause();
			throw (cause instanceof SSLException timedOut) ? timedOut : ex;
		}
		finally {
			timeout.cancel(false);
		}
	}

	private void readLoop() {
		InputStream in = new BufferedInputStream((this.tls != null) ? this.tls.input() : this.input, READ_BUFFER_SIZE);
		try {
			while (true) {
				InboundFrames batch = new InboundFrames();
				try {
					if (this.circuit.relay().engine().decoder().readAvailable(in, batch, MAX_FRAMES_PER_BATCH,
							MAX_BYTES_PER_BATCH) < 0) {
						this.circuit.close();
						return;
					}
				}
				catch (FrameDecodingException ex) {
					if (batch.isEmpty()) {
						throw ex;
					}
					batch.fail(ex);
				}
				this.sessions.received(this.circuit, batch);
				if (batch.failure() != null) {
					this.circuit.close(batch.failure());
					return;
				}
			}
		}
		catch (IOException ex) {
			this.circuit.close(ex);
		}
	}

	/**
	 * Give credit back for what the reader took (on the reader thread, which may wait for the hop).
	 * @param bytes bytes just read from the circuit
	 */
	void consumed(int bytes) {
		this.unacknowledged += bytes;
		if (this.unacknowledged >= CREDIT_THRESHOLD && this.circuit.isOpen()) {
			int credit = this.unacknowledged;
			this.unacknowledged = 0;
			try {
				this.circuit.relay().engine().sender().send(this.circuit.hop(), null,
						RelayFrames.credit(this.circuit.circuitId(), credit), null);
			}
			catch (RuntimeException ex) {
				this.circuit.close(ex);
			}
		}
	}

}
