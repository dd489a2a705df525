package dev.p2p.stream;

import java.io.Closeable;
import java.io.IOException;

/**
 * Where an outbound stream's data comes from, as the pump pulls it.
 */
public interface StreamSource extends Closeable {

	/**
	 * Read the next bytes.
	 * @param buffer where to put them
	 * @param offset where in the buffer
	 * @param length most bytes wanted, 1 or more
	 * @return bytes read; 0 if none is ready now (the source calls its wake-up when some is);
	 * -1 at the end
	 * @throws IOException if the source failed
	 */
	int read(byte[] buffer, int offset, int length) throws IOException;

}
