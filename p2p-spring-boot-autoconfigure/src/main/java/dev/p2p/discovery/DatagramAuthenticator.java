package dev.p2p.discovery;

/**
 * Authenticates discovery datagrams: computes the tag appended to every advert this node sends
 * and verifies the tag of every advert it receives (for example an HMAC-SHA256 with a network
 * key). The tag covers every byte of the advert before its tag length field (docs/PROTOCOL.md
 * §11.1). Declare a bean of this type to replace the default {@link #NONE}. Called on the
 * discovery threads; must be thread-safe and must not block.
 */
public interface DatagramAuthenticator {

	/** Appends an empty tag and accepts every advert. */
	DatagramAuthenticator NONE = new DatagramAuthenticator() {

		@Override
		public byte[] tag(byte[] data, int length) {
			return new byte[0];
		}

		@Override
		public boolean verify(byte[] data, int length, byte[] tag) {
			return true;
		}

	};

	/**
	 * Tag an advert.
	 * @param data the advert's bytes
	 * @param length how many of them the tag covers
	 * @return the tag, at most {@value AdvertCodec#MAX_TAG_LENGTH} bytes
	 */
	byte[] tag(byte[] data, int length);

	/**
	 * Check a received advert's tag.
	 * @param data the advert's bytes
	 * @param length how many of them the tag covers
	 * @param tag the tag it carries (empty if none)
	 * @return {@code false} to drop the advert as spoofed
	 */
	boolean verify(byte[] data, int length, byte[] tag);

}
