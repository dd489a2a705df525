package dev.p2p.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import org.springframework.core.serializer.Serializer;

import dev.p2p.wire.Frame;
import dev.p2p.wire.FrameEncoder;

/**
 * Spring Integration serializer that writes a whole batch of frames with as few writes as
 * possible: small frames are packed into a per-thread buffer, large payloads go straight from
 * their arrays. The buffer belongs to the writing thread, not the connection, so idle
 * connections hold no write buffer at all.
 */
public final class FrameBatchSerializer implements Serializer<List<Frame>> {

	private static final int BUFFER_SIZE = 64 * 1024;

	private static final ThreadLocal<FrameEncoder> ENCODER = ThreadLocal
		.withInitial(() -> new FrameEncoder(BUFFER_SIZE));

	@Override
	public void serialize(List<Frame> frames, OutputStream outputStream) throws IOException {
		FrameEncoder encoder = ENCODER.get();
		try {
			for (int i = 0, n = frames.size(); i < n; i++) {
				encoder.write(frames.get(i), outputStream);
			}
			encoder.flush(outputStream);
		}
		catch (IOException | RuntimeException ex) {
			encoder.reset();
			throw ex;
		}
	}

}
