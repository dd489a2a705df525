package dev.p2p.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The relayed scenarios: the starter with the session through a relay beside the direct starter
 * in the same run, as a ratio, with the CPU the relay and the two end nodes spent per packet and
 * per payload byte.
 */
final class RelayScenarios implements AutoCloseable {

	private final BenchmarkMain main;

	private final BenchSettings settings;

	private final BenchReport report;

	/** The relay of every relayed scenario, started by the first. */
	private RemoteRelay relay;

	RelayScenarios(BenchmarkMain main, BenchSettings settings, BenchReport report) {
		this.main = main;
		this.settings = settings;
		this.report = report;
	}

	/** Throughput relayed and direct; the ratio is relayed / direct. */
	void throughput(String scenario, int size) {
		if (!this.settings.includes(scenario)) {
			return;
		}
		Map<String, double[]> results = new LinkedHashMap<>();
		Map<String, double[][]> cpu = new LinkedHashMap<>();
		results.put("direct", this.main.measure(scenario, "direct", () -> {
			CpuSamples ends = CpuSamples.ofThisProcess();
			try (ThroughputPair pair = new StarterVariant().throughputPair(size)) {
				CpuSamples.awaitQuietCompiler();
				double[] values = this.main.throughputWindows(RelayedStarter.sampled(pair, ends, size), size);
				cpu.put("ends-direct", ends.lastWindows(values.length));
				return values;
			}
		}));
		results.put("relayed", this.main.measure(scenario, "relayed", () -> {
			try (RelayedStarter.Relayed<ThroughputPair> relayed = RelayedStarter.throughputPair(relay(), size)) {
				double[] values = this.main.throughputWindows(relayed.pair(), size);
				cpu.put("ends-relayed", relayed.ends().lastWindows(values.length));
				cpu.put("relay", relayed.relay().lastWindows(values.length));
				return values;
			}
		}));
		this.report.relayed(scenario, (size >= (1 << 20)) ? "MB/s" : "pkt/s", results, false, cpu);
	}

	/** Round trips relayed and direct; the ratio is direct / relayed. */
	void roundTrip() {
		if (!this.settings.includes("relay-rtt-64B")) {
			return;
		}
		int trips = this.settings.quick() ? 3_000 : 20_000;
		Map<String, double[]> p50 = new LinkedHashMap<>();
		Map<String, double[][]> cpu = new LinkedHashMap<>();
		p50.put("direct", this.main.measure("relay-rtt-64B", "direct", () -> {
			CpuSamples ends = CpuSamples.ofThisProcess();
			try (RoundTripPair pair = new StarterVariant().roundTripPair(64)) {
				CpuSamples.awaitQuietCompiler();
				double[] values = this.main.roundTripWindows(RelayedStarter.sampled(pair, ends, 64), trips)[0];
				cpu.put("ends-direct", ends.lastWindows(values.length));
				return values;
			}
		}));
		p50.put("relayed", this.main.measure("relay-rtt-64B", "relayed", () -> {
			try (RelayedStarter.Relayed<RoundTripPair> relayed = RelayedStarter.roundTripPair(relay(), 64)) {
				double[] values = this.main.roundTripWindows(relayed.pair(), trips)[0];
				cpu.put("ends-relayed", relayed.ends().lastWindows(values.length));
				cpu.put("relay", relayed.relay().lastWindows(values.length));
				return values;
			}
		}));
		this.report.relayed("relay-rtt-64B", "us_p50", p50, true, cpu);
	}

	private RemoteRelay relay() throws IOException {
		if (this.relay == null) {
			this.relay = RemoteRelay.start(this.settings.peerFlags());
		}
		return this.relay;
	}

	@Override
	public void close() throws InterruptedException {
		if (this.relay != null) {
			this.relay.close();
		}
	}

}
