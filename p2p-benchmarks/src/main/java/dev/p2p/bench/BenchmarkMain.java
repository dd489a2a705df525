package dev.p2p.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs every scenario against the starter, raw Netty, plain sockets, RSocket and Spring Integration IP
 * (child JVMs hold the remote fan-out receivers, the many peers and the idle connections) and prints a table, then one {@code BENCH} line per scenario with the medians and the ratios
 * (starter divided by the reference; for latency the reference divided by the starter, so
 * above 1 always means the starter is faster).
 *
 * <pre>
 * java -jar p2p-benchmarks/target/p2p-benchmarks.jar [--quick] [--only=tput-64B,rtt-64B]
 *     [--variants=starter,rsocket] [--delivery-modes] [--peers=10000] [--virtual-threads] [--metrics]
 *     [--transport=netty|tcp]
 * </pre>
 */
public final class BenchmarkMain {

	static final String CONNECTION_CLIENTS = "connection-clients";

	/** First argument of the child JVM holding the receivers of the out-of-process fan-out. */
	static final String FANOUT_RECEIVERS = "fanout-receivers";

	/** First argument of the child JVM holding the peers of {@code many-peers}. */
	static final String PEER_LOAD = "peer-load";

	/** First argument of the child JVM holding the relay of the relayed scenarios. */
	static final String RELAY_NODE = "relay-node";

	/** Peers of the {@code many-peers} scenario. */
	static final int MANY_PEERS = 200;

	private static final Map<String, Supplier<Variant>> VARIANTS = variants();

	/**
	 * The names of the variants of the default set, in the order of the table and the {@code BENCH} lines;
	 * {@link StarterVariant#RELIABLE_VARIANTS} follow them when selected.
	 */
	static final List<String> VARIANT_NAMES = List.of("starter", "netty", "plain", "rsocket", "si");

	private final BenchSettings settings;

	private final BenchReport report;

	/**
	 * Apply the flags that configure every starter peer of this JVM.
	 * @param flags {@code --virtual-threads}, {@code --metrics}, {@code --delivery=<mode>},
	 * {@code --transport=tcp|netty}
	 */
	static void applyPeerFlags(List<String> flags) {
		if (flags.contains("--virtual-threads")) {
			StarterVariant.COMMON_PROPERTIES.add("spring.threads.virtual.enabled=true");
		}
		if (flags.contains("--metrics")) {
			StarterVariant.COMMON_PROPERTIES.add("bench.metrics=true");
		}
		for (String flag : flags) {
			if (flag.startsWith("--delivery=")) {
				StarterVariant.COMMON_PROPERTIES.add("p2p.delivery.mode=" + flag.substring("--delivery=".length()));
			}
			if (flag.startsWith("--transport=")) {
				StarterVariant.COMMON_PROPERTIES.add("p2p.transport=" + flag.substring("--transport=".length()));
			}
		}
	}

	private static Map<String, Supplier<Variant>> variants() {
		Map<String, Supplier<Variant>> variants = new LinkedHashMap<>();
		variants.put("starter", StarterVariant::new);
		variants.put("netty", NettyVariant::new);
		variants.put("plain", PlainSocketVariant::new);
		variants.put("rsocket", RSocketVariant::new);
		variants.put("si", SpringIntegrationVariant::new);
		StarterVariant.RELIABLE_VARIANTS.forEach((name) -> variants.put(name, () -> StarterVariant.reliable(name)));
		return variants;
	}

	/**
	 * A fresh instance of the variant called {@code name}.
	 * @param name one of {@link #VARIANT_NAMES} or {@link StarterVariant#RELIABLE_VARIANTS}
	 * @return the variant
	 */
	static Variant variant(String name) {
		Supplier<Variant> factory = VARIANTS.get(name);
		if (factory == null) {
			throw new IllegalArgumentException("unknown variant " + name + "; one of " + VARIANTS.keySet());
		}
		return factory.get();
	}

	/** The variants this run measures in a scenario, in order. */
	private List<Variant> selectedVariants(String scenario) {
		List<Variant> selected = new ArrayList<>();
		VARIANTS.forEach((name, factory) -> {
			if (this.settings.selects(name, scenario)) {
				selected.add(factory.get());
			}
		});
		return selected;
	}

	private BenchmarkMain(BenchSettings settings) {
		this.settings = settings;
		this.report = new BenchReport(settings);
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals(CONNECTION_CLIENTS)) {
			ConnectionClients.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		if (args.length > 0 && args[0].equals(PEER_LOAD)) {
			PeerLoadMain.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		if (args.length > 0 && args[0].equals(RELAY_NODE)) {
			RelayNodeMain.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		if (args.length > 0 && args[0].equals(FANOUT_RECEIVERS)) {
			FanoutReceiversMain.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		BenchSettings settings = BenchSettings.parse(args);
		applyPeerFlags(settings.peerFlags());
		BenchmarkMain main = new BenchmarkMain(settings);
		long start = System.nanoTime();
		main.runAll();
		main.report.print((System.nanoTime() - start) / 1e9);
		System.exit(main.report.failed() ? 1 : 0);
	}

	private void runAll() throws InterruptedException {
		throughput("tput-64B", 64);
		throughput("tput-4KiB", 4096);
		throughput("tput-1MiB", 1 << 20);
		roundTrip();
		fanout();
		manyPeers();
		connections();
		try (RelayScenarios relayed = new RelayScenarios(this, this.settings, this.report)) {
			relayed.throughput("relay-tput-64B", 64);
			relayed.throughput("relay-tput-1MiB", 1 << 20);
			relayed.roundTrip();
		}
	}

	// ---- scenarios

	private void throughput(String scenario, int size) {
		if (!this.settings.includes(scenario)) {
			return;
		}
		boolean bytesPerSecond = size >= (1 << 20);
		Map<String, double[]> results = new LinkedHashMap<>();
		for (Variant variant : selectedVariants(scenario)) {
			results.put(variant.name(), measure(scenario, variant.name(), () -> {
				try (ThroughputPair pair = variant.throughputPair(size)) {
					return throughputWindows(pair, size);
				}
			}));
		}
		this.report.add(scenario, bytesPerSecond ? "MB/s" : "pkt/s", results, false);
	}

	double[] throughputWindows(ThroughputPair pair, int size) throws Exception {
		boolean bytesPerSecond = size >= (1 << 20);
		return windows(initialCount(size), (count) -> {
			double rate = count / (pair.sendWindow(count) / 1e9);
			return bytesPerSecond ? rate * size / 1e6 : rate;
		}, bytesPerSecond ? (value) -> value * 1e6 / size : (value) -> value);
	}

	private void roundTrip() {
		if (!this.settings.includes("rtt-64B")) {
			return;
		}
		Map<String, double[]> p50 = new LinkedHashMap<>();
		Map<String, double[]> p99 = new LinkedHashMap<>();
		int trips = this.settings.quick() ? 3_000 : 20_000;
		for (Variant variant : selectedVariants("rtt-64B")) {
			double[][] both = new double[2][];
			measure("rtt-64B", variant.name(), () -> {
				try (RoundTripPair pair = variant.roundTripPair(64)) {
					double[][] measured = roundTripWindows(pair, trips);
					both[0] = measured[0];
					both[1] = measured[1];
					return both[0];
				}
			});
			p50.put(variant.name(), both[0]);
			p99.put(variant.name(), both[1]);
		}
		this.report.add("rtt-64B", "us_p50", p50, true);
		this.report.add("rtt-64B-p99", "us_p99", p99, true);
	}

	/**
	 * Warm up, let the JIT compiler finish, then measure windows of round trips: p50 and p99 in
	 * microseconds per window.
	 */
	double[][] roundTripWindows(RoundTripPair pair, int trips) throws Exception {
		for (int i = 0; i < this.settings.warmups(); i++) {
			pair.roundTrips(trips);
		}
		CpuSamples.awaitQuietCompiler();
		double[][] both = new double[2][this.settings.windows()];
		for (int w = 0; w < this.settings.windows(); w++) {
			long[] nanos = pair.roundTrips(trips);
			Arrays.sort(nanos);
			both[0][w] = nanos[nanos.length / 2] / 1e3;
			both[1][w] = nanos[(int) (nanos.length * 0.99)] / 1e3;
		}
		return both;
	}

	/**
	 * Fan-out to 16 receivers: first with the receivers in a child JVM (the sending node's cost, as a
	 * deployment loads it), then all in this JVM (17 nodes sharing the cores).
	 */
	private void fanout() {
		int receivers = 16;
		if (this.settings.includes("fanout-64B")) {
			Map<String, double[]> results = new LinkedHashMap<>();
			for (Variant variant : selectedVariants("fanout-64B")) {
				results.put(variant.name(), measure("fanout-64B", variant.name(), () -> {
					try (FanoutGroup group = RemoteFanoutGroup.open(variant.name(), receivers, 64,
							this.settings.peerFlags())) {
						return fanoutWindows(group, receivers);
					}
				}));
			}
			this.report.add("fanout-64B", "pkt/s", results, false);
		}
		if (this.settings.includes("fanout-64B-inproc")) {
			Map<String, double[]> results = new LinkedHashMap<>();
			for (Variant variant : selectedVariants("fanout-64B-inproc")) {
				results.put(variant.name(), measure("fanout-64B-inproc", variant.name(), () -> {
					try (FanoutGroup group = variant.fanoutGroup(receivers, 64)) {
						return fanoutWindows(group, receivers);
					}
				}));
			}
			this.report.add("fanout-64B-inproc", "pkt/s", results, false);
		}
	}

	private double[] fanoutWindows(FanoutGroup group, int receivers) throws Exception {
		return windows(5_000, (count) -> (double) count * receivers / (group.broadcastWindow(count) / 1e9),
				(value) -> value / receivers);
	}

	/**
	 * {@value #MANY_PEERS} peers in a child JVM (one Netty event loop, the same for every variant) each
	 * doing 64-byte round trips with one node of the variant at once: the node's aggregate requests
	 * answered per second and the peers' p99 round trip.
	 */
	private void manyPeers() {
		if (!this.settings.includes("many-peers")) {
			return;
		}
		Map<String, double[]> rates = new LinkedHashMap<>();
		Map<String, double[]> p99 = new LinkedHashMap<>();
		for (Variant variant : selectedVariants("many-peers")) {
			double[][] both = new double[2][];
			rates.put(variant.name(), measure("many-peers", variant.name(), () -> {
				EchoNode.Node node = EchoNode.of(variant.name()).listenEcho(64);
				try (AutoCloseable closeNode = node.close();
						ChildJvm peers = ChildJvm.start(List.of(), PEER_LOAD, variant.name(),
								String.valueOf(node.port()), String.valueOf(MANY_PEERS), "64",
								String.valueOf(this.settings.warmups()), String.valueOf(this.settings.windows()),
								String.valueOf(Math.round(this.settings.windowSeconds() * 1000)))) {
					double[] windowRates = new double[this.settings.windows()];
					double[] windowP99 = new double[this.settings.windows()];
					for (int w = 0; w < windowRates.length; w++) {
						String[] fields = peers.await("WINDOW ").split(" ");
						windowRates[w] = Double.parseDouble(fields[0]);
						windowP99[w] = Long.parseLong(fields[2]) / 1e3;
					}
					peers.await("DONE");
					both[1] = windowP99;
					return windowRates;
				}
			}));
			p99.put(variant.name(), both[1]);
		}
		this.report.add("many-peers", "pkt/s", rates, false);
		this.report.add("many-peers-p99", "us_p99", p99, true);
	}

	private void connections() {
		if (!this.settings.includes("connections")) {
			return;
		}
		try {
			ConnectionsScenario.Result result = ConnectionsScenario.run(this.settings.peers(), 32);
			this.report.line(String.format(Locale.ROOT, "%-17s %-11s %,d idle peers, %.1f KiB heap per peer, %,.0f handshakes/s",
					"connections", "starter", result.peers(), result.heapPerPeerKib(), result.handshakesPerSecond()));
			this.report.benchLine(String.format(Locale.ROOT, "BENCH connections peers=%d heap_per_peer_kib=%.1f handshakes_per_s=%.0f",
					result.peers(), result.heapPerPeerKib(), result.handshakesPerSecond()));
		}
		catch (Exception ex) {
			this.report.fail("connections", "starter", ex);
		}
	}

	// ---- measuring

	interface Window {

		double run(int count) throws Exception;

	}

	interface CountOf {

		double apply(double rate);

	}

	interface Measurement {

		double[] run() throws Exception;

	}

	/**
	 * Calibrate a window size from a first warm-up window, warm up, let the JIT compiler finish,
	 * then measure windows of about the target duration.
	 */
	private double[] windows(int initialCount, Window window, CountOf packetsPerSecond) throws Exception {
		double rate = packetsPerSecond.apply(window.run(initialCount));
		int count = windowCount(rate);
		for (int i = 1; i < this.settings.warmups(); i++) {
			// each warm-up window recalibrates: the first, still interpreted, underrates the path
			count = windowCount(packetsPerSecond.apply(window.run(count)));
		}
		// steady state: what the warm-up left to compile (C2 on the path just run) would
		// otherwise take a core from the measured windows, more for the variant with more code
		CpuSamples.awaitQuietCompiler();
		double[] values = new double[this.settings.windows()];
		for (int w = 0; w < values.length; w++) {
			values[w] = window.run(count);
		}
		return values;
	}

	private int windowCount(double rate) {
		return (int) Math.max(10, Math.min(50_000_000, rate * this.settings.windowSeconds()));
	}

	double[] measure(String scenario, String variant, Measurement measurement) {
		try {
			System.err.println("running " + scenario + " on " + variant + " ...");
			return measurement.run();
		}
		catch (Throwable ex) {
			this.report.fail(scenario, variant, ex);
			return null;
		}
	}

	private static int initialCount(int size) {
		return (size <= 64) ? 200_000 : (size <= 4096) ? 50_000 : 200;
	}

}
