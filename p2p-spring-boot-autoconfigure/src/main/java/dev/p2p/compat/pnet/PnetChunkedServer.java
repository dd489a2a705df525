package dev.p2p.compat.pnet;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The server side of pnet's AdvancedNode sub-protocol: answers each decrypted command with the
 * command pnet's {@code AdvancedNode.handle} would answer.
 *
 * <pre>
 * CHUNKED?pt=initiator&amp;ln=1&amp;id=I&amp;og=beta&amp;fn=handle        -&gt; RESPONSE?rs=success
 * CHUNKED?pt=part&amp;id=I&amp;in=0&amp;dt=..&amp;ck=..&amp;og=beta           -&gt; RESPONSE?rs=success   (per part)
 * CHUNKED?pt=end&amp;og=beta&amp;ck=..&amp;id=I                        -&gt; CHUNKED_RESPONSE?rs=success&amp;ln=1&amp;og=alpha&amp;id=R
 * CHUNKED_REQUEST?pt=part&amp;id=R&amp;in=0                         -&gt; CHUNKED_RESPONSE?pt=part&amp;dt=..&amp;ck=..
 * CHUNKED_REQUEST?pt=part&amp;id=R&amp;in=1                         -&gt; CHUNKED_RESPONSE?pt=end&amp;ck=..
 * RAW?fn=handle&amp;og=beta&amp;dt=..                                -&gt; CHUNKED_RESPONSE?rs=success&amp;ln=..&amp;og=alpha&amp;id=R
 * </pre>
 *
 * <p>Every result is served chunked (a CommandNode caller breaks on {@code RESPONSE?...&dt=}).
 * Parts are appended in arrival order and response parts served in order, ignoring {@code in},
 * as pnet does. Unlike pnet, transfers are bounded: at most {@code maxTransfers} at a time, at
 * most {@code maxTransferSize} bytes each, and each forgotten {@code transferTimeout} after it
 * last moved. Thread-safe.
 */
public final class PnetChunkedServer {

	private final String name;

	private final Map<String, PnetFunction> functions;

	private final int maxTransfers;

	private final int maxTransferSize;

	private final long timeoutNanos;

	private final LongSupplier nanoClock;

	private final SecureRandom random;

	private final Map<String, Transfer> transfers = new ConcurrentHashMap<>();

	/**
	 * Create the server side of a node.
	 * @param name this node's pnet name (the {@code og} of its responses)
	 * @param functions the functions served, by {@code fn} name
	 * @param maxTransfers most transfers in progress at once
	 * @param maxTransferSize most bytes in one request or response
	 * @param transferTimeout how long an idle transfer is kept
	 * @param nanoClock monotonic time source, such as {@code System::nanoTime}
	 * @param random source of response ids
	 */
	public PnetChunkedServer(String name, Map<String, PnetFunction> functions, int maxTransfers, int maxTransferSize,
			Duration transferTimeout, LongSupplier nanoClock, SecureRandom random) {
		if (maxTransfers < 1 || maxTransferSize < 1 || transferTimeout.isNegative() || transferTimeout.isZero()) {
			throw new IllegalArgumentException("pnet transfer limits must be positive: maxTransfers=" + maxTransfers
					+ ", maxTransferSize=" + maxTransferSize + ", transferTimeout=" + transferTimeout);
		}
		this.name = name;
		this.functions = Map.copyOf(functions);
		this.maxTransfers = maxTransfers;
		this.maxTransferSize = maxTransferSize;
		this.timeoutNanos = transferTimeout.toNanos();
		this.nanoClock = nanoClock;
		this.random = random;
	}

	/**
	 * Answer one command.
	 * @param command the decrypted command
	 * @return the answer to encrypt back
	 * @throws PnetProtocolException where pnet's handler would die without an answer (a missing
	 * argument, bad base64) or a limit is passed; the line is then closed without a reply
	 */
	public PnetCommand handle(PnetCommand command) throws PnetProtocolException {
		expire();
		return switch (command.name()) {
			case "CHUNKED" -> switch (command.get("pt", "")) {
				case "initiator" -> initiate(command);
				case "part" -> part(command);
				default -> end(command);
			};
			case "CHUNKED_REQUEST" -> servePart(command.require("id"));
			case "RAW" -> raw(command);
			default -> error("unknown command");
		};
	}

	/**
	 * Number of transfers in progress (requests being received and responses being served).
	 * @return the count
	 */
	public int transfersInProgress() {
		return this.transfers.size();
	}

	private PnetCommand initiate(PnetCommand command) throws PnetProtocolException {
		String function = command.require("fn");
		if (!this.functions.containsKey(function)) {
			return error("unknown function");
		}
		String id = command.require("id");
		checkCapacity(id);
		this.transfers.put(id, new Transfer(function, command.require("og"), now()));
		return success();
	}

	private PnetCommand part(PnetCommand command) throws PnetProtocolException {
		Transfer transfer = this.transfers.get(command.require("id"));
		if (transfer == null || transfer.function == null) {
			return error("wrong id");
		}
		String base64 = PnetBase64.fromCommandText(command.require("dt"));
		String checksum = PnetChunks.partChecksum(base64);
		if (!checksum.equals(command.require("ck"))) {
			return error("checksum error");
		}
		byte[] chunk = PnetBase64.decode(base64, "chunk dt");
		synchronized (transfer) {
			if (transfer.data.size() + chunk.length > this.maxTransferSize) {
				this.transfers.remove(command.require("id"));
				throw new PnetProtocolException(PnetViolation.OVERSIZE, "pnet chunked request grows past "
						+ (transfer.data.size() + chunk.length) + " bytes, more than the limit of " + this.maxTransferSize);
			}
			transfer.data.writeBytes(chunk);
			transfer.checksums.add(checksum);
			transfer.touched = now();
		}
		return success();
	}

	private PnetCommand end(PnetCommand command) throws PnetProtocolException {
		String id = command.require("id");
		Transfer transfer = this.transfers.get(id);
		if (transfer == null || transfer.function == null) {
			return error("wrong id");
		}
		if (!PnetChunks.endChecksum(transfer.checksums).equals(command.require("ck"))) {
			this.transfers.remove(id);
			return error("checksum error");
		}
		this.transfers.remove(id);
		return respond(transfer.function, transfer.originator, transfer.data.toByteArray());
	}

	private PnetCommand raw(PnetCommand command) throws PnetProtocolException {
		String function = command.require("fn");
		if (!this.functions.containsKey(function)) {
			return error("unknown function");
		}
		byte[] data = PnetBase64.decode(PnetBase64.fromCommandText(command.require("dt")), "RAW dt");
		return respond(function, command.require("og"), data);
	}

	private PnetCommand respond(String function, String originator, byte[] data) throws PnetProtocolException {
		byte[] result = this.functions.get(function).call(originator, data);
		if (result.length > this.maxTransferSize) {
			throw new PnetProtocolException(PnetViolation.OVERSIZE, "pnet function " + function + " returned "
					+ result.length + " bytes, more than the limit of " + this.maxTransferSize);
		}
		byte[] idBytes = new byte[8];
		this.random.nextBytes(idBytes);
		String id = PnetBase64.encode(idBytes).replace("=", "");
		checkCapacity(id);
		Transfer response = new Transfer(null, this.name, now());
		response.parts.addAll(PnetChunks.split(result));
		this.transfers.put(id, response);
		return PnetCommand.of("CHUNKED_RESPONSE", "rs", "success", "ln", Integer.toString(response.parts.size()), "og",
				this.name, "id", id);
	}

	private PnetCommand servePart(String id) {
		Transfer transfer = this.transfers.get(id);
		if (transfer == null || transfer.function != null) {
			return error("wrong id");
		}
		synchronized (transfer) {
			transfer.touched = now();
			if (transfer.served < transfer.parts.size()) {
				String part = transfer.parts.get(transfer.served++);
				String checksum = PnetChunks.partChecksum(part);
				transfer.checksums.add(checksum);
				return PnetCommand.of("CHUNKED_RESPONSE", "pt", "part", "dt", PnetBase64.toCommandText(part), "ck",
						checksum);
			}
			this.transfers.remove(id);
			return PnetCommand.of("CHUNKED_RESPONSE", "pt", "end", "ck", PnetChunks.endChecksum(transfer.checksums));
		}
	}

	private void checkCapacity(String id) throws PnetProtocolException {
		if (this.transfers.size() >= this.maxTransfers && !this.transfers.containsKey(id)) {
			throw new PnetProtocolException(PnetViolation.OVERSIZE, "pnet transfer " + id + " refused: "
					+ this.transfers.size() + " transfers in progress, the limit is " + this.maxTransfers);
		}
	}

	private void expire() {
		long now = now();
		this.transfers.values().removeIf((transfer) -> now - transfer.touched > this.timeoutNanos);
	}

	private long now() {
		return this.nanoClock.getAsLong();
	}

	private static PnetCommand success() {
		return PnetCommand.of("RESPONSE", "rs", "success");
	}

	private static PnetCommand error(String reason) {
		return PnetCommand.of("ERROR", "rs", reason);
	}

	/** A request being received (function set) or a response being served (function null). */
	private static final class Transfer {

		final String function;

		final String originator;

		final ByteArrayOutputStream data = new ByteArrayOutputStream();

		final List<String> checksums = new ArrayList<>();

		final List<String> parts = new ArrayList<>();

		int served;

		volatile long touched;

		Transfer(String function, String originator, long touched) {
			this.function = function;
			this.originator = originator;
			this.touched = touched;
		}

	}

}
