package dev.p2p.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.p2p.compat.peerpy.PeerpyControl;
import dev.p2p.compat.peerpy.PeerpyData;
import dev.p2p.compat.peerpy.PeerpyFrameReader;
import dev.p2p.compat.peerpy.PeerpyHello;
import dev.p2p.compat.peerpy.PeerpyMessage;
import dev.p2p.compat.peerpy.PeerpyProtocolException;
import dev.p2p.compat.pnet.CommandAnswer;
import dev.p2p.compat.pnet.Fernet;
import dev.p2p.compat.pnet.PnetAdvert;
import dev.p2p.compat.pnet.PnetLine;
import dev.p2p.compat.pnet.PnetNetworkLayer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the peerpy and pnet test peers speak their protocols over real loopback sockets: the
 * peerpy peer against a tiny echo listener built on the {@code compat.peerpy} codec, pnet peers
 * against each other.
 */
class CompatTestPeersTests {

	private static final Duration WAIT = Duration.ofSeconds(3);

	private ServerSocket echoServer;

	@AfterEach
	void closeEcho() throws IOException {
		if (this.echoServer != null) {
			this.echoServer.close();
		}
	}

	@Test
	void peerpyPeerExchangesJsonAndBytesWithAnEchoListener() throws Exception {
		int port = startPeerpyEcho();

		try (PeerpyTestPeer json = PeerpyTestPeer.dial(port, "127.0.0.1:40001", "json", "");
				PeerpyTestPeer bytes = PeerpyTestPeer.dial(port, "127.0.0.1:40002", "bytes", "")) {
			assertThat(json.accepted()).isTrue();
			assertThat(bytes.accepted()).isTrue();
			json.sendPing();
			json.sendJson("{\"hello\": \"world\"}");
			bytes.sendData("bytes", new byte[] { 0, 1, (byte) 0xFF });

			assertThat(json.receive(WAIT)).asString().isEqualTo("{\"data\": {\"hello\": \"world\"}}");
			assertThat(bytes.receive(WAIT)).containsExactly(0, 1, 0xFF);
		}
	}

	@Test
	void peerpyRawOfferIsDeniedAndRawDataClosesTheConnection() throws Exception {
		int port = startPeerpyEcho();

		try (PeerpyTestPeer raw = PeerpyTestPeer.dial(port, "127.0.0.1:40003", "raw", "");
				PeerpyTestPeer stream = PeerpyTestPeer.dial(port, "127.0.0.1:40004", "bytes", "&stream=True");
				PeerpyTestPeer json = PeerpyTestPeer.dial(port, "127.0.0.1:40005", "json", "")) {
			assertThat(raw.accepted()).isFalse();
			assertThat(stream.accepted()).isFalse();
			assertThat(json.accepted()).isTrue();
			// refused from its header alone: the node may reset the connection before the payload is written
			json.sendRefusedData("raw", new byte[] { (byte) 0x80, 4, '.' });

			assertThat(json.closedByNode(WAIT)).isTrue();
		}
	}

	@Test
	void peerpyListenerSideAcceptsADialer() throws Exception {
		try (ServerSocket server = PeerpyTestPeer.listen()) {
			CompletableFuture<PeerpyTestPeer> accepted = CompletableFuture.supplyAsync(() -> {
				try {
					return PeerpyTestPeer.accept(server, true);
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			});
			try (Socket dialer = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
				dialer.getOutputStream().write(new PeerpyHello("127.0.0.1:1", dev.p2p.compat.peerpy.PeerpyDataType.JSON,
						true, false).toBytes());
				assertThat(new PeerpyFrameReader(1024).readAnswer(dialer.getInputStream())).isTrue();
				try (PeerpyTestPeer peer = accepted.get(3, TimeUnit.SECONDS)) {
					assertThat(peer.hello()).startsWith("HELLO|peer_name=127.0.0.1:1&data_type=json&strict=True|");
					peer.sendJson("[1, 2]");
					PeerpyMessage message = new PeerpyFrameReader(1024).read(dialer.getInputStream(),
							dev.p2p.compat.peerpy.PeerpyDataType.JSON);
					assertThat(((PeerpyData) message).payload()).asString().isEqualTo("{\"data\": [1, 2]}");
				}
			}
		}
	}

	@Test
	void pnetPeersCallEachOtherWithAndWithoutANetworkKey() throws Exception {
		String key = Fernet.generateKey(new SecureRandom());
		for (String networkKey : new String[] { null, key }) {
			try (PnetTestPeer alpha = new PnetTestPeer("alpha", "lab", networkKey,
					Map.of("add", (args, og) -> args.numberNode(args.get(0).asInt() + args.get(1).asInt()),
							"whoami", (args, og) -> args.stringNode(og)));
					PnetTestPeer beta = new PnetTestPeer("beta", "lab", networkKey, Map.of())) {
				ArrayNode args = beta.mapper().createArrayNode().add(2).add(3);

				CommandAnswer sum = beta.call(alpha.port(), alpha.publicKey(), "add", args);
				CommandAnswer who = beta.call(alpha.port(), alpha.publicKey(), "whoami", beta.mapper().createArrayNode());
				CommandAnswer funcs = beta.call(alpha.port(), alpha.publicKey(), "get_funcs", beta.mapper().createArrayNode());
				CommandAnswer missing = beta.call(alpha.port(), alpha.publicKey(), "nope", beta.mapper().createArrayNode());

				assertThat(sum.value().asInt()).isEqualTo(5);
				assertThat(who.value().asString()).isEqualTo("beta");
				assertThat(funcs.value().toString()).contains("\"get_peers\",\"get_funcs\"", "\"add\"", "\"whoami\"");
				assertThat(missing.description()).isEqualTo("function does not exist on node");
			}
		}
	}

	@Test
	void pnetPeerAnswersBadLinesWithPnetErrorCodes() throws Exception {
		try (PnetTestPeer alpha = new PnetTestPeer("alpha", "lab", null, Map.of());
				PnetTestPeer beta = new PnetTestPeer("beta", "lab", null, Map.of())) {
			assertThat(beta.sendLine(alpha.port(), "lab|msg|x|END\n")).isEqualTo("lab|err|ERR_SECTION_COUNT||END\n");
			assertThat(beta.sendLine(alpha.port(), "lab|msg|x|y|NOPE\n")).isEqualTo("lab|err|ERR_PACKET_INCOMPLETE||END\n");
			assertThat(beta.sendLine(alpha.port(), "other|msg|x|y|END\n")).isEqualTo("lab|err|ERR_NETWORK_INCORRECT||END\n");
			assertThat(beta.sendLine(alpha.port(), "lab|zzz|x|y|END\n")).isEqualTo("lab|err|ERR_PACKET_TYPE||END\n");
		}
	}

	@Test
	void pnetPeerAdvertIsReadByAnAdvertListener() throws Exception {
		try (PnetTestPeer alpha = new PnetTestPeer("alpha", "lab", null, Map.of());
				DatagramSocket listener = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			listener.setSoTimeout((int) WAIT.toMillis());
			alpha.advertTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()));
			DatagramPacket packet = new DatagramPacket(new byte[PnetAdvert.MAX_DATAGRAM_SIZE], PnetAdvert.MAX_DATAGRAM_SIZE);
			listener.receive(packet);

			String line = PnetAdvert.lines(packet.getData(), packet.getLength()).get(0);
			PnetAdvert advert = PnetAdvert.fromLine(PnetLine.parse(line), "lab",
					new PnetNetworkLayer(null, new SecureRandom()));

			assertThat(packet.getLength()).isLessThan(PnetAdvert.MAX_DATAGRAM_SIZE);
			assertThat(advert.name()).isEqualTo("alpha");
			assertThat(advert.port()).isEqualTo(alpha.port());
			assertThat(advert.publicKey()).isEqualTo(alpha.publicKey());
		}
	}

	/** A minimal peerpy listener on the production codec: ACCEPT or DENY, ignore PING, echo DATA. */
	private int startPeerpyEcho() throws IOException {
		this.echoServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		PeerpyFrameReader reader = new PeerpyFrameReader(64 * 1024);
		daemon(() -> {
			while (!this.echoServer.isClosed()) {
				try {
					Socket socket = this.echoServer.accept();
					daemon(() -> echo(socket, reader));
				}
				catch (IOException ex) {
					return;
				}
			}
		});
		return this.echoServer.getLocalPort();
	}

	private static void daemon(Runnable task) {
		Thread thread = new Thread(task, "peerpy-echo");
		thread.setDaemon(true);
		thread.start();
	}

	private static void echo(Socket socket, PeerpyFrameReader reader) {
		try (socket) {
			socket.setSoLinger(true, 0);
			InputStream in = socket.getInputStream();
			PeerpyHello hello = reader.readHello(in);
			if (hello == null || hello.refusal().isPresent()) {
				socket.getOutputStream().write(PeerpyControl.DENY.toBytes());
				return;
			}
			socket.getOutputStream().write(PeerpyControl.ACCEPT.toBytes());
			PeerpyMessage message;
			while ((message = reader.read(in, hello.dataType())) != null) {
				if (message instanceof PeerpyData data) {
					socket.getOutputStream().write(data.toBytes());
				}
			}
		}
		catch (PeerpyProtocolException ex) {
			// refused: the reset close above ends the connection
		}
		catch (IOException ex) {
			// peer gone
		}
	}

}
