package dev.p2p.transport.tcp;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.core.serializer.Deserializer;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import dev.p2p.transport.InboundFrames;
import dev.p2p.wire.FrameDecoder;
import dev.p2p.wire.FrameDecodingException;

/**
 * Spring Integration deserializer that returns, per call, every complete frame already
 * buffered (at least one, blocking for it), so that one message carries many small frames.
 * A stream that ends cleanly between frames ends with {@link SoftEndOfStreamException}, the
 * framework's signal for a normal close.
 */
public final class FrameBatchDeserializer implements Deserializer<InboundFrames> {

	private static final int MAX_FRAMES_PER_BATCH = 1024;

	private static final long MAX_BYTES_PER_BATCH = 1 << 20;

	private final FrameDecoder decoder;

	/**
	 * Create the deserializer.
	 * @param decoder the frame decoder with its limits
	 */
	public FrameBatchDeserializer(FrameDecoder decoder) {
		this.decoder = decoder;
	}

	@Override
	public InboundFrames deserialize(InputStream inputStream) throws IOException {
		InboundFrames batch = new InboundFrames();
		try {
			if (this.decoder.readAvailable(inputStream, batch, MAX_FRAMES_PER_BATCH, MAX_BYTES_PER_BATCH) < 0) {
				throw new SoftEndOfStreamException("Stream closed between frames");
			}
		}
		catch (FrameDecodingException ex) {
			if (batch.isEmpty()) {
				throw ex;
			}
			// deliver the good frames read before the bad one; the connection closes after them
			batch.fail(ex);
		}
		return batch;
	}

}
