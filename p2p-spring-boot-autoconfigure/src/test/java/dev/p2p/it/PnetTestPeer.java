package dev.p2p.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;

import dev.p2p.compat.pnet.CommandAnswer;
import dev.p2p.compat.pnet.CommandCall;
import dev.p2p.compat.pnet.PnetAdvert;
import dev.p2p.compat.pnet.PnetChunkedClient;
import dev.p2p.compat.pnet.PnetChunkedServer;
import dev.p2p.compat.pnet.PnetCommandHandler;
import dev.p2p.compat.pnet.PnetFunctionTable;
import dev.p2p.compat.pnet.PnetLine;
import dev.p2p.compat.pnet.PnetNetworkLayer;
import dev.p2p.compat.pnet.PnetNodeCipher;
import dev.p2p.compat.pnet.PnetProtocolException;
import dev.p2p.compat.pnet.PnetRequestHandler;
import dev.p2p.compat.pnet.PnetTcpExchange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A pnet {@code CommandNode} played on loopback: a line server (one line in, one reply, close),
 * adverts sent to a given UDP address, and calls through the chunked flow. Built on the
 * {@code compat.pnet} codecs, whose bytes the unit tests pin to lines recorded from Python; the
 * RSA key is 512 bits, pnet's default.
 */
final class PnetTestPeer implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final String name;

	private final String networkId;

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final SecureRandom random = new SecureRandom();

	private final PnetNodeCipher cipher;

	private final PnetNetworkLayer layer;

	private final PnetRequestHandler handler;

	private final ServerSocket server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	/**
	 * Start a peer serving functions.
	 * @param name its pnet name
	 * @param networkId the network id
	 * @param networkKey the network key, or {@code null}
	 * @param functions its functions: (args, originator) to value
	 */
	PnetTestPeer(String name, String networkId, String networkKey,
			Map<String, BiFunction<ArrayNode, String, JsonNode>> functions) throws IOException {
		this.name = name;
		this.networkId = networkId;
		this.cipher = new PnetNodeCipher(keyPair512(), this.random);
		this.layer = new PnetNetworkLayer(networkKey, this.random);
		PnetCommandHandler commands = new PnetCommandHandler(table(functions), List::of, this.mapper);
		PnetChunkedServer chunked = new PnetChunkedServer(name, Map.of(PnetCommandHandler.FUNCTION, commands), 64,
				1 << 20, Duration.ofMinutes(1), System::nanoTime, this.random);
		this.handler = new PnetRequestHandler(networkId, this.cipher, this.layer, chunked);
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.executor.execute(this::serve);
	}

	/** Its TCP server port. */
	int port() {
		return this.server.getLocalPort();
	}

	/** Its public key. */
	RSAPublicKey publicKey() {
		return this.cipher.publicKey();
	}

	/** Send one advert {@code name@127.0.0.1:port} to a UDP address (a node's advertise port). */
	void advertTo(InetSocketAddress target) throws IOException {
		byte[] advert = new PnetAdvert(this.name, "127.0.0.1", port(), publicKey()).toLine(this.networkId, this.layer)
			.toBytes();
		try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			socket.send(new DatagramPacket(advert, advert.length, target));
		}
	}

	/**
	 * Call a function on another node as {@code node.target(name).function(*args)} does.
	 * @return the answer (success value or error description)
	 */
	CommandAnswer call(int port, RSAPublicKey key, String function, ArrayNode args) throws IOException {
		PnetTcpExchange exchange = new PnetTcpExchange(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), key,
				this.networkId, this.cipher, this.layer, TIMEOUT, 1 << 22);
		byte[] body = new CommandCall(function, args, this.mapper.createObjectNode()).toJson(this.mapper);
		byte[] result = new PnetChunkedClient(this.name, 1 << 20, this.random).call(exchange, PnetCommandHandler.FUNCTION,
				body);
		return CommandAnswer.parse(result, this.mapper);
	}

	/** Send one raw line and return the reply text (empty if the node closed without one). */
	String sendLine(int port, String line) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			socket.getOutputStream().write(line.getBytes(StandardCharsets.UTF_8));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	JsonMapper mapper() {
		return this.mapper;
	}

	private void serve() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				this.executor.execute(() -> answer(socket));
			}
			catch (SocketException ex) {
				return;
			}
			catch (IOException ex) {
				// next connection
			}
		}
	}

	private void answer(Socket socket) {
		try (socket) {
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			InputStream in = socket.getInputStream();
			String text = PnetLine.readText(in, 1 << 20);
			if (text == null) {
				return;
			}
			PnetLine reply;
			try {
				reply = this.handler.handle(text);
			}
			catch (PnetProtocolException ex) {
				reply = this.handler.errorReply(ex);
			}
			if (reply != null) {
				socket.getOutputStream().write(reply.toBytes());
			}
		}
		catch (IOException ex) {
			// pnet's handler thread dies the same way: the client reads an empty reply
		}
	}

	private PnetFunctionTable table(Map<String, BiFunction<ArrayNode, String, JsonNode>> functions) {
		return new PnetFunctionTable() {
			@Override
			public List<String> names() {
				return List.copyOf(functions.keySet());
			}

			@Override
			public boolean contains(String function) {
				return functions.containsKey(function);
			}

			@Override
			public JsonNode invoke(String function, String originator, ArrayNode args, ObjectNode kwargs) {
				return functions.get(function).apply(args, originator);
			}
		};
	}

	private static java.security.KeyPair keyPair512() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(512);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		this.executor.shutdownNow();
	}

}
