package dev.p2p.stream;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.p2p.wire.Frame;
import dev.p2p.wire.StreamFrames;

/**
 * The data of an {@link OutboundStream} as its pump reads it: the source, opened once, then read
 * a chunk at a time into one buffer and hashed as it goes, and closed by the pump (or when no
 * pump can run any more). Read by one pump at a time.
 */
final class OutboundSource {

	private static final Log logger = LogFactory.getLog(OutboundStream.class);

	private final StreamContent content;

	private final int chunkSize;

	// pump thread only (one pump at a time)
	private final byte[] buffer;

	private final MessageDigest digest = sha256();

	/** Opened before any credit can arrive; then used by the pump only. */
	private volatile @Nullable StreamSource source;

	/** SHA-256 of the data, once it has all been read. */
	private volatile byte[] finalDigest = new byte[0];

	OutboundSource(StreamContent content, int chunkSize) {
		this.content = content;
		this.chunkSize = chunkSize;
		this.buffer = new byte[chunkSize];
	}

	StreamContent content() {
		return this.content;
	}

	/**
	 * Open the source (a publisher is subscribed to here).
	 * @param dataAvailable called when a publisher emits data
	 * @throws IOException if the source cannot be opened
	 */
	void open(Runnable dataAvailable) throws IOException {
		this.source = this.content.open(dataAvailable);
	}

	/**
	 * The open source.
	 * @return it, {@code null} before it was opened or once it was closed
	 */
	@Nullable StreamSource current() {
		return this.source;
	}

	/**
	 * Read the next chunk into the buffer, hashing it; at the end, the digest is final.
	 * @param open the source {@link #current()} gave
	 * @param credit most bytes the receiver takes now
	 * @return bytes read, 0 if none are available now, -1 at the end
	 * @throws IOException if reading fails
	 */
	int read(StreamSource open, long credit) throws IOException {
		int n = open.read(this.buffer, 0, (int) Math.min(this.chunkSize, credit));
		if (n > 0) {
			this.digest.update(this.buffer, 0, n);
		}
		else if (n < 0) {
			this.finalDigest = this.digest.digest();
		}
		return n;
	}

	/**
	 * The chunk just read, as a frame.
	 * @param streamId the stream's id
	 * @param length what {@link #read} returned
	 * @return the STREAM_CHUNK frame
	 */
	Frame chunk(int streamId, int length) {
		return StreamFrames.chunk(streamId, this.buffer, 0, length);
	}

	/**
	 * SHA-256 of the data.
	 * @return the digest once the source was read to its end, else empty
	 */
	byte[] finalDigest() {
		return this.finalDigest;
	}

	/**
	 * Close the source, once.
	 * @param streamId the stream's id, for the log
	 */
	void close(int streamId) {
		StreamSource open = this.source;
		this.source = null;
		if (open != null) {
			try {
				open.close();
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Closing the source of stream " + streamId + " failed: " + ex.getMessage());
			}
		}
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

}
