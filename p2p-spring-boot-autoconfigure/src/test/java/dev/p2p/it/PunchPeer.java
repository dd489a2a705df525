package dev.p2p.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A private host of the hole-punching spike ({@link HolePunchSpikeIntegrationTests}), plain JDK
 * blocking sockets as Spring Integration's TCP factories use them. Per attempt it:
 * <ol>
 * <li>listens on a fresh port with {@code SO_REUSEADDR} and {@code SO_REUSEPORT};</li>
 * <li>connects to the rendezvous <em>from that port</em>, so the address the rendezvous sees
 * is the NAT's mapping of the listen port;</li>
 * <li>learns the other host's observed address and times the punch over the rendezvous, as
 * DCUtR does: the initiator sends CONNECT, measures the round trip to the answering CONNECT,
 * sends SYNC and dials half a round trip later; the responder dials when SYNC arrives;</li>
 * <li>dials the other host's observed address from its listen port while also accepting on
 * it, keeps whichever connects first, and checks the connection with one line each way.</li>
 * </ol>
 * Prints {@code PUNCH attempt=<n> ok|fail ms=<time> ...} per attempt.
 * <p>
 * Arguments: {@code punch <rendezvous host> <port> <name> <attempts> <timeout ms> [<skew ms>]}
 * (the responder dials {@code skew} late), or
 * {@code dial <host> <port> <timeout ms>} to print {@code DIAL ok|fail} for one plain connect.
 */
public final class PunchPeer {

	private PunchPeer() {
	}

	public static void main(String[] args) throws Exception {
		if (args[0].equals("dial")) {
			dial(new InetSocketAddress(InetAddress.getByName(args[1]), Integer.parseInt(args[2])),
					Integer.parseInt(args[3]));
			return;
		}
		InetSocketAddress rendezvous = new InetSocketAddress(InetAddress.getByName(args[1]),
				Integer.parseInt(args[2]));
		String name = args[3];
		int attempts = Integer.parseInt(args[4]);
		int timeout = Integer.parseInt(args[5]);
		long skew = (args.length > 6) ? Long.parseLong(args[6]) : 0;
		for (int attempt = 1; attempt <= attempts; attempt++) {
			System.out.println("PUNCH attempt=" + attempt + " " + attempt(rendezvous, name, timeout, skew));
		}
		System.out.println("PUNCH-DONE");
	}

	private static void dial(InetSocketAddress target, int timeout) {
		long start = System.nanoTime();
		try (Socket socket = new Socket()) {
			socket.connect(target, timeout);
			System.out.println("DIAL ok ms=" + millis(start));
		}
		catch (IOException ex) {
			System.out.println("DIAL fail ms=" + millis(start) + " error=" + ex);
		}
	}

	private static String attempt(InetSocketAddress rendezvous, String name, int timeout, long skew)
			throws Exception {
		try (ServerSocket listener = new ServerSocket()) {
			listener.setReuseAddress(true);
			listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
			listener.bind(new InetSocketAddress(0));
			int port = listener.getLocalPort();
			try (Socket relay = fromPort(port)) {
				relay.connect(rendezvous, timeout);
				relay.setSoTimeout(30_000);
				BufferedReader lines = PunchRendezvous.reader(relay);
				PrintWriter out = PunchRendezvous.writer(relay);
				out.println("HELLO " + name);
				String[] peer = lines.readLine().split(" ");
				InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(peer[1]),
						Integer.parseInt(peer[2]));
				boolean initiator = peer[3].equals("initiator");
				long rtt = coordinate(initiator, lines, out);
				if (!initiator) {
					// a responder that dials late, to measure how much the timing may be off
					TimeUnit.MILLISECONDS.sleep(skew);
				}
				return punch(listener, port, target, name, peer[4], timeout) + " rtt_us=" + rtt / 1000 + " local_port="
						+ port + " target=" + peer[1] + ":" + peer[2];
			}
		}
	}

	/** DCUtR's timing over the rendezvous; returns the measured round trip in nanoseconds. */
	private static long coordinate(boolean initiator, BufferedReader lines, PrintWriter out) throws Exception {
		if (initiator) {
			long sent = System.nanoTime();
			out.println("CONNECT");
			expect(lines, "CONNECT");
			long rtt = System.nanoTime() - sent;
			out.println("SYNC");
			TimeUnit.NANOSECONDS.sleep(rtt / 2);
			return rtt;
		}
		expect(lines, "CONNECT");
		out.println("CONNECT");
		expect(lines, "SYNC");
		return 0;
	}

	private static void expect(BufferedReader lines, String expected) throws IOException {
		String line = lines.readLine();
		if (!expected.equals(line)) {
			throw new IOException("expected " + expected + ", got " + line);
		}
	}

	private static String punch(ServerSocket listener, int port, InetSocketAddress target, String name,
			String peerName, int timeout) throws Exception {
		long start = System.nanoTime();
		CompletableFuture<Socket> winner = new CompletableFuture<>();
		listener.setSoTimeout(timeout);
		Thread acceptor = new Thread(() -> {
			try {
				winner.complete(listener.accept());
			}
			catch (IOException ex) {
				// the dial may still win; the timeout below decides
			}
		});
		acceptor.setDaemon(true);
		acceptor.start();
		Socket dialled = fromPort(port);
		String dialError = "";
		try {
			dialled.connect(target, timeout);
			if (!winner.complete(dialled)) {
				dialled.close();
			}
		}
		catch (IOException ex) {
			dialled.close();
			dialError = " error=" + ex.getClass().getSimpleName() + ":" + ex.getMessage();
		}
		Socket socket;
		try {
			socket = winner.get(dialError.isEmpty() ? timeout : 50, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			return "fail ms=" + millis(start) + dialError;
		}
		long connected = millis(start);
		try (socket) {
			socket.setSoTimeout(timeout);
			PunchRendezvous.writer(socket).println("HI " + name);
			String answer = PunchRendezvous.reader(socket).readLine();
			String via = (socket == dialled) ? "connect" : "accept";
			if (!("HI " + peerName).equals(answer)) {
				return "fail ms=" + connected + " error=no-greeting:" + answer;
			}
			return "ok ms=" + connected + " via=" + via;
		}
	}

	/** A socket bound to the listen port, which only SO_REUSEPORT on every socket there allows. */
	static Socket fromPort(int port) throws IOException {
		Socket socket = new Socket();
		socket.setReuseAddress(true);
		socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
		socket.bind(new InetSocketAddress(port));
		return socket;
	}

	private static long millis(long start) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
	}

}
