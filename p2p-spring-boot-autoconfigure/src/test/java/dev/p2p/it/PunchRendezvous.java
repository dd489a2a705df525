package dev.p2p.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The relay host of the hole-punching spike ({@link HolePunchSpikeIntegrationTests}), plain JDK
 * sockets: for each attempt it takes two connections, tells each the address it saw the other
 * come from ({@code PEER <host> <port> <role>}) and then carries their lines to each other, a
 * one-line-at-a-time circuit over which they time their simultaneous open, the way DCUtR does
 * over a relayed connection. Prints {@code RELAY-SAW <name> <host> <port>} for every connection.
 * <p>
 * Arguments: the port to listen on (all addresses, both families) and the number of attempts.
 */
public final class PunchRendezvous {

	private PunchRendezvous() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		int attempts = Integer.parseInt(args[1]);
		try (ServerSocket server = new ServerSocket()) {
			server.setReuseAddress(true);
			server.bind(new InetSocketAddress(port));
			server.setSoTimeout(120_000);
			System.out.println("RELAY-READY " + port);
			for (int attempt = 1; attempt <= attempts; attempt++) {
				try (Socket first = server.accept(); Socket second = server.accept()) {
					pair(first, second);
				}
			}
		}
		System.out.println("RELAY-DONE");
	}

	private static void pair(Socket first, Socket second) throws IOException, InterruptedException {
		first.setSoTimeout(30_000);
		second.setSoTimeout(30_000);
		BufferedReader fromFirst = reader(first);
		BufferedReader fromSecond = reader(second);
		String firstName = hello(fromFirst, first);
		String secondName = hello(fromSecond, second);
		// the first to arrive measures the round trip and sends SYNC, as DCUtR's initiator does
		writer(first).println("PEER " + observed(second) + " initiator " + secondName);
		writer(second).println("PEER " + observed(first) + " responder " + firstName);
		Thread forward = carry(fromFirst, writer(second));
		carry(fromSecond, writer(first)).join(35_000);
		forward.join(35_000);
	}

	private static String hello(BufferedReader lines, Socket socket) throws IOException {
		String line = lines.readLine();
		if (line == null || !line.startsWith("HELLO ")) {
			throw new IOException("expected HELLO, got " + line);
		}
		String name = line.substring("HELLO ".length());
		System.out.println("RELAY-SAW " + name + " " + observed(socket));
		return name;
	}

	private static String observed(Socket socket) {
		return socket.getInetAddress().getHostAddress() + " " + socket.getPort();
	}

	/** Copy lines until the source ends, then shut the other side's output. */
	private static Thread carry(BufferedReader from, PrintWriter to) {
		Thread thread = new Thread(() -> {
			try {
				String line;
				while ((line = from.readLine()) != null) {
					to.println(line);
				}
			}
			catch (IOException ex) {
				// the circuit ends with either side
			}
		});
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	static BufferedReader reader(Socket socket) throws IOException {
		return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
	}

	static PrintWriter writer(Socket socket) throws IOException {
		return new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
	}

}
