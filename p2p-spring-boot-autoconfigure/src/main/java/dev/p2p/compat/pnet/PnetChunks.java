package dev.p2p.compat.pnet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Chunks and checksums of pnet's chunked sub-protocol.
 *
 * <pre>
 * part i:  dt = B64U(chunk i) with '=' as '~'     ck = sha256_hex(B64U(chunk i) with '=')
 * end:     ck = sha256_hex( ck_0[0..6] + ck_1[0..6] + ... )
 * </pre>
 */
public final class PnetChunks {

	/** pnet's AdvancedNode chunk size. */
	public static final int CHUNK_SIZE = 16384;

	private PnetChunks() {
	}

	/**
	 * Split data into base64 parts of {@value #CHUNK_SIZE} bytes (none for empty data).
	 * @param data the data
	 * @return the parts, url-safe base64 with {@code =}
	 */
	public static List<String> split(byte[] data) {
		List<String> parts = new ArrayList<>();
		for (int from = 0; from < data.length; from += CHUNK_SIZE) {
			parts.add(PnetBase64.encode(Arrays.copyOfRange(data, from, Math.min(data.length, from + CHUNK_SIZE))));
		}
		return parts;
	}

	/**
	 * Number of parts pnet announces ({@code ceil(size / 16384)}).
	 * @param size data size in bytes
	 * @return the part count
	 */
	public static int partCount(long size) {
		return (int) ((size + CHUNK_SIZE - 1) / CHUNK_SIZE);
	}

	/**
	 * Checksum of one part.
	 * @param base64 the part's base64 text, with {@code =}
	 * @return lowercase hex SHA-256
	 */
	public static String partChecksum(String base64) {
		return sha256Hex(base64);
	}

	/**
	 * Checksum of a whole transfer.
	 * @param partChecksums the checksums of its parts in order
	 * @return lowercase hex SHA-256 of their 6-character prefixes
	 */
	public static String endChecksum(List<String> partChecksums) {
		StringBuilder prefixes = new StringBuilder();
		for (String checksum : partChecksums) {
			prefixes.append(checksum, 0, Math.min(6, checksum.length()));
		}
		return sha256Hex(prefixes.toString());
	}

	private static String sha256Hex(String text) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("JCA lacks SHA-256", ex);
		}
	}

}
