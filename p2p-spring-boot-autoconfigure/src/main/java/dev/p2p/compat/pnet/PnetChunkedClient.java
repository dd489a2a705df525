package dev.p2p.compat.pnet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The caller side of pnet's chunked sub-protocol, as every CommandNode call runs it: send the
 * data in parts to a function, then fetch the chunked result.
 *
 * <pre>
 * CHUNKED?pt=initiator&amp;ln=N&amp;id=I&amp;og=me&amp;fn=handle   &lt;- RESPONSE?rs=success
 * CHUNKED?pt=part&amp;id=I&amp;in=i&amp;dt=..&amp;ck=..&amp;og=me      &lt;- RESPONSE?rs=success          (i = 0..N-1)
 * CHUNKED?pt=end&amp;og=me&amp;ck=..&amp;id=I                   &lt;- CHUNKED_RESPONSE?rs=success&amp;ln=M&amp;og=..&amp;id=R
 * CHUNKED_REQUEST?pt=part&amp;id=R&amp;in=c                 &lt;- CHUNKED_RESPONSE?pt=part&amp;dt=..&amp;ck=..  (c = 0..M-1)
 * CHUNKED_REQUEST?pt=part&amp;id=R&amp;in=M                 &lt;- CHUNKED_RESPONSE?pt=end&amp;ck=..
 * </pre>
 *
 * <p>Unlike pnet, a part that is not acknowledged is not resent forever: any answer other than
 * success fails the call, as do a result over {@code maxResultSize}, more parts than announced,
 * and a wrong checksum. Request ids are 11 url-safe characters, free of {@code = & ?}.
 */
public final class PnetChunkedClient {

	private final String name;

	private final int maxResultSize;

	private final SecureRandom random;

	/**
	 * Create a caller.
	 * @param name this node's pnet name ({@code og})
	 * @param maxResultSize largest result accepted, in bytes
	 * @param random source of request ids
	 */
	public PnetChunkedClient(String name, int maxResultSize, SecureRandom random) {
		this.name = name;
		this.maxResultSize = maxResultSize;
		this.random = random;
	}

	/**
	 * Send data to a function and return its result.
	 * @param exchange the way to the target node
	 * @param function the function ({@code handle} for a CommandNode)
	 * @param data the data
	 * @return the result bytes
	 * @throws IOException if an exchange fails or the target answers anything but pnet's success path
	 */
	public byte[] call(PnetExchange exchange, String function, byte[] data) throws IOException {
		byte[] idBytes = new byte[8];
		this.random.nextBytes(idBytes);
		String id = PnetBase64.encode(idBytes).replace("=", "");
		List<String> parts = PnetChunks.split(data);
		expect(exchange.exchange(PnetCommand.of("CHUNKED", "pt", "initiator", "ln", Integer.toString(parts.size()), "id",
				id, "og", this.name, "fn", function)), "RESPONSE");
		List<String> checksums = new ArrayList<>();
		for (int i = 0; i < parts.size(); i++) {
			String checksum = PnetChunks.partChecksum(parts.get(i));
			expect(exchange.exchange(PnetCommand.of("CHUNKED", "pt", "part", "id", id, "in", Integer.toString(i), "dt",
					PnetBase64.toCommandText(parts.get(i)), "ck", checksum, "og", this.name)), "RESPONSE");
			checksums.add(checksum);
		}
		PnetCommand result = expect(exchange.exchange(PnetCommand.of("CHUNKED", "pt", "end", "og", this.name, "ck",
				PnetChunks.endChecksum(checksums), "id", id)), "CHUNKED_RESPONSE");
		return fetch(exchange, result);
	}

	private byte[] fetch(PnetExchange exchange, PnetCommand result) throws IOException {
		int announced = parseCount(result.require("ln"));
		String id = result.require("id");
		ByteArrayOutputStream data = new ByteArrayOutputStream();
		List<String> checksums = new ArrayList<>();
		for (int c = 0; c <= announced; c++) {
			PnetCommand answer = exchange.exchange(PnetCommand.of("CHUNKED_REQUEST", "pt", "part", "id", id, "in",
					Integer.toString(c)));
			if (!"CHUNKED_RESPONSE".equals(answer.name())) {
				throw refused(answer);
			}
			if ("end".equals(answer.get("pt", ""))) {
				if (!PnetChunks.endChecksum(checksums).equals(answer.require("ck"))) {
					throw malformed("pnet chunked result " + id + " fails its end checksum");
				}
				return data.toByteArray();
			}
			if (c == announced) {
				throw malformed("pnet chunked result " + id + " sends more than the " + announced + " parts announced");
			}
			String base64 = PnetBase64.fromCommandText(answer.require("dt"));
			String checksum = PnetChunks.partChecksum(base64);
			if (!checksum.equals(answer.require("ck"))) {
				throw malformed("pnet chunked result " + id + " part " + c + " fails its checksum");
			}
			byte[] chunk = PnetBase64.decode(base64, "result part");
			if (data.size() + chunk.length > this.maxResultSize) {
				throw new PnetProtocolException(PnetViolation.OVERSIZE, "pnet chunked result " + id + " grows past "
						+ (data.size() + chunk.length) + " bytes, more than the limit of " + this.maxResultSize);
			}
			data.writeBytes(chunk);
			checksums.add(checksum);
		}
		throw malformed("pnet chunked result " + id + " has no end");
	}

	private int parseCount(String ln) throws PnetProtocolException {
		try {
			int count = Integer.parseInt(ln);
			if (count >= 0 && (long) count * PnetChunks.CHUNK_SIZE <= this.maxResultSize + (long) PnetChunks.CHUNK_SIZE) {
				return count;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new PnetProtocolException(PnetViolation.OVERSIZE, "pnet chunked result announces ln=" + PnetLine.abbreviate(ln)
				+ " parts, not a count within the limit of " + this.maxResultSize + " bytes");
	}

	private static PnetCommand expect(PnetCommand answer, String name) throws PnetProtocolException {
		if (!name.equals(answer.name()) || !"success".equals(answer.get("rs", ""))) {
			throw refused(answer);
		}
		return answer;
	}

	private static PnetProtocolException refused(PnetCommand answer) {
		return malformed("pnet node answered " + PnetLine.abbreviate(answer.toText()));
	}

	private static PnetProtocolException malformed(String message) {
		return new PnetProtocolException(PnetViolation.MALFORMED, message);
	}

}
