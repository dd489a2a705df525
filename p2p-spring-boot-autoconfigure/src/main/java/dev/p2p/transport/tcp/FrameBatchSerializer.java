package dev.p2p.transport.tcp;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;

import org.springframework.core.serializer.Serializer;

import dev.p2p.wire.Frame;
import dev.p2p.wire.FrameEncoder;

/**
 * Spring Integration serializer that writes a whole batch of frames with as few writes as
 * possible: small frames are packed into a buffer, large payloads go straight from their
 * arrays. Buffers are borrowed from a small shared pool for the duration of one batch, so
 * neither idle connections nor the many threads that may write (writers, senders writing on an
 * idle connection, readers answering a handshake) hold a buffer of their own.
 */
public final class FrameBatchSerializer implements Serializer<List<Frame>> {

	private static final int BUFFER_SIZE = 64 * 1024;

	private static final int POOLED_BUFFERS = 32;

	private final ArrayBlockingQueue<FrameEncoder> pool = new ArrayBlockingQueue<>(POOLED_BUFFERS);

	@Override
	public void serialize(List<Frame> frames, OutputStream outputStream) throws IOException {
		FrameEncoder encoder = this.pool.poll();
		if (encoder == null) {
			encoder = new FrameEncoder(BUFFER_SIZE);
		}
		try {
			for (int i = 0, n = frames.size(); i < n; i++) {
				encoder.write(frames.get(i), outputStream);
			}
			encoder.flush(outputStream);
		}
		finally {
			// after a failure the encoder may hold bytes of this batch: never let them reach another connection
			encoder.reset();
			this.pool.offer(encoder);
		}
	}

}
