package dev.p2p.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.p2p.it.NatTopology.Family;
import dev.p2p.it.NatTopology.Nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The technique relay-assisted hole punching will use, proven with plain JDK blocking sockets in
 * a {@link NatTopology} (root only; skipped elsewhere): the private hosts cannot dial each other,
 * both reach the relay host, and a TCP simultaneous open from their listen ports, timed over the
 * relay host DCUtR-style, gets through port-preserving NATs and not through a port-randomizing
 * one. Each test prints its success rate and times ({@code HOLE-PUNCH ...}) for the design notes.
 */
class HolePunchSpikeIntegrationTests {

	private static final int TIMEOUT_MILLIS = 3000;

	private static final Pattern RESULT = Pattern.compile("PUNCH attempt=\\d+ (ok|fail) ms=(\\d+)");

	@Test
	void aDialingSocketSharesTheListenPortOnlyWhenEverySocketThereSetSoReusePort() throws IOException {
		assertThat(new Socket().supportedOptions()).contains(StandardSocketOptions.SO_REUSEPORT);
		InetAddress loopback = InetAddress.getLoopbackAddress();
		try (ServerSocket plain = new ServerSocket(0, 50, loopback)) {
			// what ServerSocketFactory.createServerSocket (and so Spring Integration) builds:
			// SO_REUSEADDR only, bound before any option can be set
			assertThatExceptionOfType(java.net.BindException.class).isThrownBy(() -> {
				try (Socket dialer = reusable()) {
					dialer.bind(new InetSocketAddress(loopback, plain.getLocalPort()));
				}
			});
		}
		try (ServerSocket listener = new ServerSocket()) {
			listener.setReuseAddress(true);
			listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
			listener.bind(new InetSocketAddress(loopback, 0));
			try (Socket dialer = reusable(); Socket second = reusable()) {
				dialer.bind(new InetSocketAddress(loopback, listener.getLocalPort()));
				dialer.connect(listener.getLocalSocketAddress(), TIMEOUT_MILLIS);
				second.bind(new InetSocketAddress(loopback, listener.getLocalPort()));
				assertThat(dialer.getLocalPort()).isEqualTo(listener.getLocalPort());
			}
		}
	}

	@Test
	void privateHostsReachTheRelayButNotEachOther() throws Exception {
		NatTopology.assumeAvailable();
		try (NatTopology topology = NatTopology.build(Family.DUAL, Nat.PORT_PRESERVING, Nat.PORT_PRESERVING)) {
			for (boolean ipv6 : new boolean[] { false, true }) {
				try (Forked relay = Forked.start(topology.relay(), PunchRendezvous.class, "7000", "1")) {
					relay.awaitLine("RELAY-READY");
					assertThat(dial(topology.hostA(), NatTopology.relayAddress(ipv6), NatTopology.RELAY_PORT))
						.startsWith("DIAL ok");
					assertThat(dial(topology.hostB(), NatTopology.relayAddress(ipv6), NatTopology.RELAY_PORT))
						.startsWith("DIAL ok");
				}
				// no route to the other private network, and its router drops unsolicited SYNs
				assertThat(dial(topology.hostA(), NatTopology.hostAddress(2, ipv6), NatTopology.RELAY_PORT))
					.startsWith("DIAL fail");
				assertThat(dial(topology.hostA(), NatTopology.routerAddress(2, ipv6), NatTopology.RELAY_PORT))
					.startsWith("DIAL fail");
			}
		}
	}

	@Test
	void aSimultaneousOpenGetsThroughPortPreservingNats() throws Exception {
		NatTopology.assumeAvailable();
		try (NatTopology topology = NatTopology.build(Family.IPV4, Nat.PORT_PRESERVING, Nat.PORT_PRESERVING)) {
			List<String> results = punch(topology, "port-preserving NATs, IPv4", false, 20, 0);
			assertThat(successes(results)).as(String.join("\n", results)).isGreaterThanOrEqualTo(36);
		}
	}

	@Test
	void aSimultaneousOpenGetsThroughPortPreservingNat66() throws Exception {
		NatTopology.assumeAvailable();
		try (NatTopology topology = NatTopology.build(Family.IPV6, Nat.PORT_PRESERVING, Nat.PORT_PRESERVING)) {
			List<String> results = punch(topology, "port-preserving NAT66, IPv6", true, 10, 0);
			assertThat(successes(results)).as(String.join("\n", results)).isGreaterThanOrEqualTo(18);
		}
	}

	@Test
	void theSimultaneousOpenToleratesOneSideDiallingHalfASecondLate() throws Exception {
		NatTopology.assumeAvailable();
		try (NatTopology topology = NatTopology.build(Family.IPV4, Nat.PORT_PRESERVING, Nat.PORT_PRESERVING)) {
			// the early SYN is dropped by the far router; the late side's SYN then passes the
			// mapping the early one opened and the two SYNs cross: no retransmission is needed
			List<String> results = punch(topology, "port-preserving NATs, IPv4, responder 500 ms late", false, 10,
					500);
			assertThat(successes(results)).as(String.join("\n", results)).isGreaterThanOrEqualTo(18);
		}
	}

	@Test
	void aPortRandomizingNatDefeatsTheSimultaneousOpen() throws Exception {
		NatTopology.assumeAvailable();
		try (NatTopology topology = NatTopology.build(Family.IPV4, Nat.PORT_PRESERVING, Nat.RANDOM_FULLY)) {
			List<String> results = punch(topology, "router B --random-fully, IPv4", false, 10, 0);
			assertThat(successes(results)).as(String.join("\n", results)).isZero();
		}
	}

	/**
	 * Run the rendezvous and both hosts for some attempts, and print the figures.
	 * @return both hosts' {@code PUNCH} lines
	 */
	private static List<String> punch(NatTopology topology, String label, boolean ipv6, int attempts, int skew) throws Exception {
		try (Forked relay = Forked.start(topology.relay(), PunchRendezvous.class,
				Integer.toString(NatTopology.RELAY_PORT), Integer.toString(attempts))) {
			relay.awaitLine("RELAY-READY");
			String[] args = { "punch", NatTopology.relayAddress(ipv6), Integer.toString(NatTopology.RELAY_PORT), "",
					Integer.toString(attempts), Integer.toString(TIMEOUT_MILLIS), Integer.toString(skew) };
			args[3] = "a";
			try (Forked a = Forked.start(topology.hostA(), PunchPeer.class, args)) {
				args[3] = "b";
				try (Forked b = Forked.start(topology.hostB(), PunchPeer.class, args)) {
					long deadline = attempts * (TIMEOUT_MILLIS + 2000L) + 30_000;
					a.awaitLine("PUNCH-DONE", deadline);
					b.awaitLine("PUNCH-DONE", deadline);
					// the relay host saw each host at its router's address
					assertThat(relay.lines("RELAY-SAW a ")).allMatch((line) -> sawAt(line, 1, ipv6));
					assertThat(relay.lines("RELAY-SAW b ")).allMatch((line) -> sawAt(line, 2, ipv6));
					List<String> results = new ArrayList<>(a.lines("PUNCH attempt="));
					results.addAll(b.lines("PUNCH attempt="));
					report(label, attempts, results);
					return results;
				}
			}
		}
	}

	private static void report(String label, int attempts, List<String> results) {
		List<Long> times = new ArrayList<>();
		for (String line : results) {
			Matcher matcher = RESULT.matcher(line);
			if (matcher.find() && matcher.group(1).equals("ok")) {
				times.add(Long.parseLong(matcher.group(2)));
			}
		}
		Collections.sort(times);
		System.out.println("HOLE-PUNCH " + label + ": " + times.size() + "/"
				+ results.size() + " host-attempts connected (" + attempts + " attempts x 2 hosts)"
				+ (times.isEmpty() ? ""
						: ", ms min " + times.get(0) + " median " + times.get(times.size() / 2) + " max "
								+ times.get(times.size() - 1)));
		results.forEach((line) -> System.out.println("  " + line));
	}

	private static boolean sawAt(String relaySaw, int lan, boolean ipv6) {
		try {
			return InetAddress.getByName(relaySaw.split(" ")[2])
				.equals(InetAddress.getByName(NatTopology.routerAddress(lan, ipv6)));
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static long successes(List<String> results) {
		return results.stream().filter((line) -> line.matches("PUNCH attempt=\\d+ ok .*")).count();
	}

	private static String dial(String namespace, String host, int port) throws Exception {
		try (Forked dialer = Forked.start(namespace, PunchPeer.class, "dial", host, Integer.toString(port),
				Integer.toString(TIMEOUT_MILLIS))) {
			dialer.awaitLine("DIAL", 60_000);
			return dialer.lines("DIAL").get(0);
		}
	}

	private static Socket reusable() throws IOException {
		Socket socket = new Socket();
		socket.setReuseAddress(true);
		socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
		return socket;
	}

	/** A main class of the test class path run in a namespace, its output lines collected. */
	private static final class Forked implements AutoCloseable {

		private final Process process;

		private final List<String> lines = new CopyOnWriteArrayList<>();

		private volatile boolean ended;

		private Forked(Process process) {
			this.process = process;
		}

		static Forked start(String namespace, Class<?> mainClass, String... args) throws IOException {
			Forked forked = new Forked(TestJvm.start(NetworkNamespaces.prefix(namespace),
					List.of("-Xmx64m", "-XX:TieredStopAtLevel=1"), mainClass, List.of(args)));
			TestJvm.follow(forked.process, "forked-" + mainClass.getSimpleName(), forked.lines::add,
					() -> forked.ended = true);
			return forked;
		}

		void awaitLine(String prefix) {
			awaitLine(prefix, 60_000);
		}

		void awaitLine(String prefix, long millis) {
			await().atMost(millis, TimeUnit.MILLISECONDS)
				.pollInterval(50, TimeUnit.MILLISECONDS)
				.failFast("process ended without " + prefix + ": " + this.lines,
						() -> this.ended && lines(prefix).isEmpty())
				.until(() -> !lines(prefix).isEmpty());
		}

		List<String> lines() {
			return this.lines;
		}

		List<String> lines(String prefix) {
			return this.lines.stream().filter((line) -> line.startsWith(prefix)).toList();
		}

		@Override
		public void close() {
			this.process.destroyForcibly();
			try {
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
