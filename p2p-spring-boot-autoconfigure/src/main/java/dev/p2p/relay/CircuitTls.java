package dev.p2p.relay;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

import dev.p2p.transport.TlsContext;
import dev.p2p.transport.TlsSettings;

/**
 * TLS end to end inside a relay circuit ({@code p2p.ssl.bundle}): an {@link SSLEngine} between
 * the carried connection's bytes and the circuit's, so the relay forwards only ciphertext. The
 * circuit's opener is the TLS client. The handshake runs on the circuit's reader thread before
 * the session engine sees the connection; afterwards the reader unwraps ({@link #input()}) while
 * writers wrap ({@link #output()}), which an {@code SSLEngine} allows at the same time.
 */
final class CircuitTls {

	private final SSLEngine engine;

	private final InputStream cipherIn;

	private final OutputStream cipherOut;

	private final Object wrapLock = new Object();

	/** Whether {@link #handshake()} drives the engine (reader thread only). */
	private boolean handshaking;

	/** Ciphertext read but not unwrapped yet (reader thread only); in read mode. */
	private ByteBuffer netIn;

	/** Plaintext unwrapped but not read yet (reader thread only); in read mode. */
	private ByteBuffer appIn;

	/** Ciphertext to send (under wrapLock). */
	private ByteBuffer netOut;

	private final InputStream input = new PlainInput();

	private final OutputStream output = new PlainOutput();

	/**
	 * @param tls the node's TLS settings
	 * @param client {@code true} on the circuit's opener
	 * @param cipherIn the circuit's received bytes
	 * @param cipherOut writes CIRCUIT_DATA (within the circuit's credit)
	 */
	CircuitTls(TlsSettings tls, boolean client, InputStream cipherIn, OutputStream cipherOut) {
		// one snapshot of the (possibly rotated) bundle: context, protocols and ciphers together
		TlsContext.Material material = tls.context().current();
		this.engine = material.context().createSSLEngine();
		this.engine.setUseClientMode(client);
		SSLParameters parameters = this.engine.getSSLParameters();
		parameters.setProtocols(material.protocols().toArray(String[]::new));
		List<String> ciphers = material.ciphers();
		if (ciphers != null) {
			parameters.setCipherSuites(ciphers.toArray(String[]::new));
		}
		if (!client) {
			switch (tls.clientAuth()) {
				case NEED -> parameters.setNeedClientAuth(true);
				case WANT -> parameters.setWantClientAuth(true);
				case NONE -> parameters.setWantClientAuth(false);
			}
		}
		this.engine.setSSLParameters(parameters);
		this.cipherIn = cipherIn;
		this.cipherOut = cipherOut;
		SSLSession session = this.engine.getSession();
		this.netIn = ByteBuffer.allocate(session.getPacketBufferSize()).flip();
		this.appIn = ByteBuffer.allocate(session.getApplicationBufferSize()).flip();
		this.netOut = ByteBuffer.allocate(session.getPacketBufferSize());
	}

	/**
	 * Run the TLS handshake (on the circuit's reader thread).
	 * @throws IOException if it fails or the circuit ends first
	 */
	void handshake() throws IOException {
		this.handshaking = true;
		this.engine.beginHandshake();
		HandshakeStatus status = this.engine.getHandshakeStatus();
		while (status != HandshakeStatus.FINISHED && status != HandshakeStatus.NOT_HANDSHAKING) {
			switch (status) {
				case NEED_WRAP -> status = wrap(ByteBuffer.allocate(0)).getHandshakeStatus();
				case NEED_TASK -> {
					runTasks();
					status = this.engine.getHandshakeStatus();
				}
				default -> {
					if (unwrap() == null) {
						throw new EOFException("relay circuit ended during the TLS handshake");
					}
					status = this.engine.getHandshakeStatus();
				}
			}
		}
		this.handshaking = false;
	}

	/** The TLS session, once the handshake is done. */
	SSLSession session() {
		return this.engine.getSession();
	}

	/** Plaintext of the carried connection (reader thread). */
	InputStream input() {
		return this.input;
	}

	/** Plaintext to send (writer threads, serialized by the circuit's write lock). */
	OutputStream output() {
		return this.output;
	}

	private void runTasks() {
		Runnable task;
		while ((task = this.engine.getDelegatedTask()) != null) {
			task.run();
		}
	}

	/** Wrap plaintext (or a handshake message) and send the ciphertext. */
	private SSLEngineResult wrap(ByteBuffer plain) throws IOException {
		synchronized (this.wrapLock) {
			while (true) {
				this.netOut.clear();
				SSLEngineResult result = this.engine.wrap(plain, this.netOut);
				switch (result.getStatus()) {
					case BUFFER_OVERFLOW -> this.netOut = ByteBuffer.allocate(this.netOut.capacity() * 2);
					case CLOSED -> throw new SSLException("TLS in the relay circuit is closed");
					default -> {
						this.netOut.flip();
						if (this.netOut.hasRemaining()) {
							this.cipherOut.write(this.netOut.array(), 0, this.netOut.limit());
						}
						if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
							runTasks();
						}
						if (!plain.hasRemaining() || result.getStatus() != SSLEngineResult.Status.OK) {
							return result;
						}
					}
				}
			}
		}
	}

	/**
	 * Unwrap one TLS record into {@link #appIn}, reading ciphertext as needed.
	 * @return the result, or {@code null} at the end of the circuit
	 */
	private SSLEngineResult unwrap() throws IOException {
		while (true) {
			this.appIn.compact();
			SSLEngineResult result;
			try {
				result = this.engine.unwrap(this.netIn, this.appIn);
			}
			finally {
				this.appIn.flip();
			}
			switch (result.getStatus()) {
				case BUFFER_UNDERFLOW -> {
					if (!readCiphertext()) {
						return null;
					}
				}
				case BUFFER_OVERFLOW -> {
					ByteBuffer larger = ByteBuffer.allocate(this.appIn.capacity() * 2);
					larger.put(this.appIn).flip();
					this.appIn = larger;
				}
				case CLOSED -> {
					return null;
				}
				default -> {
					HandshakeStatus status = result.getHandshakeStatus();
					if (status == HandshakeStatus.NEED_TASK) {
						runTasks();
					}
					else if (status == HandshakeStatus.NEED_WRAP && !this.handshaking) {
						// a post-handshake message (TLS 1.3 key update) wants an answer
						wrap(ByteBuffer.allocate(0));
					}
					return result;
				}
			}
		}
	}

	/** Read more ciphertext into {@link #netIn}; {@code false} at the end of the circuit. */
	private boolean readCiphertext() throws IOException {
		this.netIn.compact();
		try {
			if (!this.netIn.hasRemaining()) {
				ByteBuffer larger = ByteBuffer.allocate(this.netIn.capacity() * 2);
				this.netIn.flip();
				larger.put(this.netIn);
				this.netIn = larger;
			}
			int n = this.cipherIn.read(this.netIn.array(), this.netIn.position(), this.netIn.remaining());
			if (n < 0) {
				return false;
			}
			this.netIn.position(this.netIn.position() + n);
			return true;
		}
		finally {
			this.netIn.flip();
		}
	}

	/** Plaintext as the session engine's decoder reads it. */
	private final class PlainInput extends CircuitStreams.BlockInput {

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (length == 0) {
				return 0;
			}
			while (!CircuitTls.this.appIn.hasRemaining()) {
				if (unwrap() == null) {
					return -1;
				}
			}
			int n = Math.min(length, CircuitTls.this.appIn.remaining());
			CircuitTls.this.appIn.get(buffer, offset, n);
			return n;
		}

		@Override
		public int available() {
			return CircuitTls.this.appIn.remaining();
		}

	}

	/** Plaintext written by the session engine, sent wrapped. */
	private final class PlainOutput extends CircuitStreams.BlockOutput {

		@Override
		public void write(byte[] buffer, int offset, int length) throws IOException {
			ByteBuffer plain = ByteBuffer.wrap(buffer, offset, length);
			while (plain.hasRemaining()) {
				wrap(plain);
			}
		}

	}

}
