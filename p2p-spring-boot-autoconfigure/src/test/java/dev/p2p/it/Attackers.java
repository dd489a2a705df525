package dev.p2p.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.p2p.handshake.HandshakeCodec;
import dev.p2p.peer.PeerIdentity;
import dev.p2p.security.HandshakeProof;
import dev.p2p.security.NetworkKey;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.Frame;
import dev.p2p.wire.FrameFormat;

/**
 * The attackers of {@link AttackIntegrationTests}, in a JVM of their own as they would be on other
 * machines: 1,000 connections sending one byte per second (from 1,000 loopback addresses) and a
 * stream of hostile connections, one after another. Arguments: the attacked port and the
 * network key. It reads one command per line on its standard input and answers each with one
 * {@code ATTACKERS-REPLY} line: {@code attack} starts (or resumes) both attacks, {@code pause}
 * stops them (every slow connection is closed), {@code status} gives
 * {@code opened=<n> cut=<n> attempts=<n> kinds=[..]}. It exits when its standard input ends.
 */
public final class Attackers {

	/** Prefix of every answer line. */
	static final String REPLY = "ATTACKERS-REPLY";

	/** Printed once both attackers are ready. */
	static final String READY = "ATTACKERS-READY";

	static final int SLOW_CONNECTIONS = 1000;

	private Attackers() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		SlowConnections slow = new SlowConnections(port);
		HostileConnections hostile = new HostileConnections(port, args[1]);
		slow.start();
		hostile.start();
		System.out.println(READY);
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				String answer = switch (line.trim()) {
					case "attack" -> {
						slow.paused = false;
						hostile.paused = false;
						yield "attacking";
					}
					case "pause" -> {
						slow.paused = true;
						hostile.paused = true;
						yield "paused";
					}
					case "status" -> "opened=" + slow.opened.get() + " cut=" + slow.cut.get() + " attempts="
							+ hostile.attempts.get() + " kinds=" + hostile.byKind();
					default -> "error=unknown command " + line;
				};
				System.out.println(REPLY + " " + answer);
			}
		}
		hostile.finish();
		slow.finish();
	}

	/** Kinds of hostile connection, tried in turn. */
	enum Kind {

		OVERSIZE_LENGTH, GARBAGE_HELLO, NO_KEY, WRONG_KEY, WRONG_NETWORK, RESET_MID_FRAME, CLOSED_MID_FRAME

	}

	/**
	 * 1,000 connections, each from its own loopback address, sending the bytes of a HELLO one
	 * byte per second; a connection the victim cut is opened again.
	 */
	private static final class SlowConnections extends Thread {

		final AtomicInteger opened = new AtomicInteger();

		final AtomicInteger cut = new AtomicInteger();

		private final int port;

		private final Socket[] sockets = new Socket[SLOW_CONNECTIONS];

		private final int[] positions = new int[SLOW_CONNECTIONS];

		private final byte[] hello;

		private volatile boolean running = true;

		/** While paused, every slow connection is closed and none is opened. */
		volatile boolean paused = true;

		SlowConnections(int port) {
			super("attack-slow");
			this.port = port;
			setDaemon(true);
			byte[] payload = new HandshakeCodec().writeIdentity(new PeerIdentity(PeerIdentity.PROTOCOL_VERSION, "slow",
					UUID.randomUUID().toString(), "default", null, 0, "json"));
			this.hello = new byte[FrameFormat.HEADER_SIZE + payload.length];
			FrameFormat.writeHeader(this.hello, 0, ControlCode.HELLO, payload.length);
			System.arraycopy(payload, 0, this.hello, FrameFormat.HEADER_SIZE, payload.length);
		}

		@Override
		public void run() {
			while (this.running) {
				if (this.paused) {
					pause();
					continue;
				}
				long round = System.nanoTime();
				for (int i = 0; i < SLOW_CONNECTIONS && this.running && !this.paused; i++) {
					tick(i);
				}
				long rest = 1000 - (System.nanoTime() - round) / 1_000_000;
				if (rest > 0 && this.running) {
					try {
						Thread.sleep(rest); // one byte per connection per second
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}
		}

		private void tick(int i) {
			Socket socket = this.sockets[i];
			try {
				if (socket == null) {
					socket = new Socket();
					socket.bind(new InetSocketAddress("127.0.1" + (i / 250) + "." + (1 + i % 250), 0));
					socket.connect(new InetSocketAddress("127.0.0.1", this.port), 2000);
					this.sockets[i] = socket;
					this.positions[i] = 0;
					this.opened.incrementAndGet();
				}
				OutputStream out = socket.getOutputStream();
				out.write(this.hello[this.positions[i]++ % this.hello.length]);
				out.flush();
			}
			catch (IOException ex) {
				if (this.sockets[i] != null) {
					this.cut.incrementAndGet();
					closeQuietly(this.sockets[i]);
					this.sockets[i] = null;
				}
			}
		}

		private void pause() {
			for (int i = 0; i < SLOW_CONNECTIONS; i++) {
				if (this.sockets[i] != null) {
					closeQuietly(this.sockets[i]);
					this.sockets[i] = null;
				}
			}
			try {
				Thread.sleep(20); // paced polling of the pause flag, not a wait for a condition
			}
			catch (InterruptedException ex) {
				this.running = false;
			}
		}

		void finish() throws InterruptedException {
			this.running = false;
			join(10_000);
			for (Socket socket : this.sockets) {
				closeQuietly(socket);
			}
		}

	}

	/** Opens hostile connections one after another, from rotating loopback addresses. */
	private static final class HostileConnections extends Thread {

		final AtomicInteger attempts = new AtomicInteger();

		private final AtomicInteger[] byKind = new AtomicInteger[Kind.values().length];

		private final int port;

		private final JsonMapper json = JsonMapper.builder().build();

		private final HandshakeCodec codec = new HandshakeCodec();

		private final String key;

		private final AtomicBoolean running = new AtomicBoolean(true);

		/** While paused, no hostile connection is opened. */
		volatile boolean paused = true;

		HostileConnections(int port, String key) {
			super("attack-hostile");
			this.port = port;
			this.key = key;
			setDaemon(true);
			for (int i = 0; i < this.byKind.length; i++) {
				this.byKind[i] = new AtomicInteger();
			}
		}

		@Override
		public void run() {
			int n = 0;
			while (this.running.get()) {
				if (this.paused) {
					try {
						Thread.sleep(20); // paced polling of the pause flag, not a wait for a condition
					}
					catch (InterruptedException ex) {
						return;
					}
					continue;
				}
				Kind kind = Kind.values()[n % Kind.values().length];
				String source = "127.0.2" + ((n / 250) % 10) + "." + (1 + n % 250);
				n++;
				try (Socket socket = new Socket()) {
					socket.bind(new InetSocketAddress(source, 0));
					socket.connect(new InetSocketAddress("127.0.0.1", this.port), 2000);
					socket.setSoTimeout(5000);
					attack(kind, socket);
					this.byKind[kind.ordinal()].incrementAndGet();
				}
				catch (IOException ex) {
					// the victim closing on us is the expected outcome
				}
				this.attempts.incrementAndGet();
			}
		}

		private void attack(Kind kind, Socket socket) throws IOException {
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			ThreadLocalRandom random = ThreadLocalRandom.current();
			switch (kind) {
				case OVERSIZE_LENGTH -> {
					byte[] header = new byte[FrameFormat.HEADER_SIZE];
					FrameFormat.writeHeader(header, 0, random.nextBoolean() ? ControlCode.HELLO : TestPacketType.SEQ.code(),
							0x7FFFFFF0);
					out.write(header);
					drain(in);
				}
				case GARBAGE_HELLO -> {
					byte[] garbage = new byte[1 + random.nextInt(512)];
					random.nextBytes(garbage);
					write(out, ControlCode.HELLO, garbage);
					drain(in);
				}
				case NO_KEY -> {
					write(out, ControlCode.HELLO, hello("default", null));
					drain(in);
				}
				case WRONG_KEY -> prove(out, in, "default", NetworkKey.of("the wrong key for this network"));
				case WRONG_NETWORK -> prove(out, in, "evil", NetworkKey.of(this.key));
				case RESET_MID_FRAME, CLOSED_MID_FRAME -> {
					byte[] payload = hello("default", NetworkKey.nonce());
					byte[] frame = new byte[FrameFormat.HEADER_SIZE + payload.length];
					FrameFormat.writeHeader(frame, 0, ControlCode.HELLO, payload.length);
					System.arraycopy(payload, 0, frame, FrameFormat.HEADER_SIZE, payload.length);
					out.write(frame, 0, FrameFormat.HEADER_SIZE + payload.length / 2);
					out.flush();
					if (kind == Kind.RESET_MID_FRAME) {
						socket.setSoLinger(true, 0); // RST: the victim reads a connection reset
					}
					else {
						socket.shutdownOutput(); // FIN: the victim reads the end of the stream inside a frame
						drain(in);
					}
				}
			}
		}

		/** HELLO with a nonce, then a PROOF made with {@code key} over the victim's CHALLENGE. */
		private void prove(OutputStream out, InputStream in, String networkId, NetworkKey key) throws IOException {
			byte[] nonce = NetworkKey.nonce();
			write(out, ControlCode.HELLO, hello(networkId, nonce));
			Frame challenge = read(in);
			if (challenge == null || challenge.type() != ControlCode.CHALLENGE) {
				return;
			}
			JsonNode fields = this.json.readTree(challenge.payload());
			HandshakeProof transcript = new HandshakeProof(nonce, Base64.getDecoder().decode(fields.get("nonce").asString()),
					"intruder", fields.get("nodeId").asString(), networkId);
			write(out, ControlCode.PROOF,
					this.json.writeValueAsBytes(Map.of("proof", Base64.getEncoder().encodeToString(transcript.dialer(key)))));
			drain(in);
		}

		private byte[] hello(String networkId, byte[] nonce) {
			return this.codec.writeIdentity(new PeerIdentity(PeerIdentity.PROTOCOL_VERSION,
					"intruder", UUID.randomUUID().toString(), networkId, null, 0, "json"), nonce);
		}

		private void write(OutputStream out, int type, byte[] payload) throws IOException {
			byte[] frame = new byte[FrameFormat.HEADER_SIZE + payload.length];
			FrameFormat.writeHeader(frame, 0, type, payload.length);
			System.arraycopy(payload, 0, frame, FrameFormat.HEADER_SIZE, payload.length);
			out.write(frame);
			out.flush();
		}

		private Frame read(InputStream in) throws IOException {
			byte[] header = in.readNBytes(FrameFormat.HEADER_SIZE);
			if (header.length < FrameFormat.HEADER_SIZE) {
				return null;
			}
			int length = FrameFormat.readIntLE(header, 4);
			if (length < 0 || length > 65536) {
				return null;
			}
			return new Frame(FrameFormat.readIntLE(header, 0), in.readNBytes(length));
		}

		/** Read until the victim closes the connection. */
		private void drain(InputStream in) throws IOException {
			byte[] buffer = new byte[1024];
			while (in.read(buffer) >= 0) {
				// DENY, then the close
			}
		}

		String byKind() {
			List<String> parts = new ArrayList<>();
			for (Kind kind : Kind.values()) {
				parts.add(kind.name().toLowerCase() + "=" + this.byKind[kind.ordinal()].get());
			}
			return parts.toString();
		}

		void finish() throws InterruptedException {
			this.running.set(false);
			join(10_000);
		}

	}

	private static void closeQuietly(Socket socket) {
		if (socket != null) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}
	}

}
