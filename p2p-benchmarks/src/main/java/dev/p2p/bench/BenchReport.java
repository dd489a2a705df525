package dev.p2p.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The output of a benchmark run: one table line per scenario and variant (min, median, max),
 * one {@code BENCH} line per scenario with the medians and the ratios, and whether anything failed.
 */
final class BenchReport {

	private final BenchSettings settings;

	private final List<String> table = new ArrayList<>();

	private final List<String> benchLines = new ArrayList<>();

	private boolean failed;

	BenchReport(BenchSettings settings) {
		this.settings = settings;
	}

	/** Whether a scenario failed on some variant. */
	boolean failed() {
		return this.failed;
	}

	/** Add a line of the table as it is. */
	void line(String line) {
		this.table.add(line);
	}

	/** Add a {@code BENCH} line as it is. */
	void benchLine(String line) {
		this.benchLines.add(line);
	}

	/** Record a scenario that failed on a variant. */
	void fail(String scenario, String variant, Throwable ex) {
		this.failed = true;
		this.table.add(String.format(Locale.ROOT, "%-17s %-11s FAILED: %s", scenario, variant, ex));
		ex.printStackTrace();
	}

	/**
	 * Tabulate a scenario of the direct and the relayed starter; the ratio is relayed to direct.
	 * @param cpu nanoseconds per packet and per payload byte, one value per measured window, of
	 * {@code relay} (the relay's process), {@code ends-direct} and {@code ends-relayed} (the two end
	 * nodes' process)
	 */
	void relayed(String scenario, String unit, Map<String, double[]> results, boolean lowerIsBetter,
			Map<String, double[][]> cpu) {
		Map<String, Double> medians = tabulate(scenario, unit, results);
		Map<String, Double> perPacket = new LinkedHashMap<>();
		Map<String, Double> perByte = new LinkedHashMap<>();
		cpu.forEach((process, values) -> {
			if (values[0] != null) {
				perPacket.putAll(tabulate(scenario, "cpu ns/packet", Map.of(process, values[0])));
				perByte.putAll(tabulate(scenario, "cpu ns/byte", Map.of(process, values[1])));
			}
		});
		Double direct = medians.get("direct");
		Double relayed = medians.get("relayed");
		this.benchLines.add("BENCH " + scenario + " direct=" + median(direct) + " relayed=" + median(relayed) + " unit="
				+ unit + " ratio_relayed=" + ((direct == null) ? "n/a" : ratio(relayed, direct, lowerIsBetter))
				+ " relay_cpu_ns_per_packet=" + cpu(perPacket.get("relay")) + " relay_cpu_ns_per_byte="
				+ cpu(perByte.get("relay")) + " ends_cpu_ns_per_byte_direct=" + cpu(perByte.get("ends-direct"))
				+ " ends_cpu_ns_per_byte_relayed=" + cpu(perByte.get("ends-relayed")));
	}

	private static String cpu(Double value) {
		return (value == null) ? "n/a" : String.format(Locale.ROOT, (value >= 100) ? "%.0f" : "%.3g", value);
	}

	/**
	 * Tabulate a scenario; the ratios compare the starter with every reference, then each reliable starter
	 * measured in the scenario with the ({@code at-most-once}) starter.
	 */
	void add(String scenario, String unit, Map<String, double[]> results, boolean lowerIsBetter) {
		Map<String, Double> medians = tabulate(scenario, unit, results);
		if (!medians.containsKey("starter")) {
			return;
		}
		double starter = medians.get("starter");
		StringBuilder values = new StringBuilder();
		StringBuilder ratios = new StringBuilder();
		for (String variant : BenchmarkMain.VARIANT_NAMES) {
			Double reference = medians.get(variant);
			values.append(' ').append(variant).append('=').append(median(reference));
			if (!variant.equals("starter")) {
				ratios.append(" ratio_").append(variant).append('=')
					.append((reference == null) ? "n/a" : ratio(starter, reference, lowerIsBetter));
			}
		}
		for (String variant : StarterVariant.RELIABLE_VARIANTS) {
			if (results.containsKey(variant)) {
				Double reliable = medians.get(variant);
				values.append(' ').append(variant).append('=').append(median(reliable));
				ratios.append(" ratio_").append(variant.substring("starter-".length())).append('=')
					.append(ratio(reliable, starter, lowerIsBetter));
			}
		}
		this.benchLines.add("BENCH " + scenario + values + " unit=" + unit + ratios);
	}

	/** One table line per variant; the medians by variant. */
	private Map<String, Double> tabulate(String scenario, String unit, Map<String, double[]> results) {
		Map<String, Double> medians = new LinkedHashMap<>();
		results.forEach((variant, values) -> {
			if (values == null) {
				return;
			}
			double[] sorted = values.clone();
			Arrays.sort(sorted);
			double median = sorted[sorted.length / 2];
			medians.put(variant, median);
			this.table.add(String.format(Locale.ROOT, "%-17s %-11s min %12s  median %12s  max %12s  %s", scenario,
					variant, number(sorted[0]), number(median), number(sorted[sorted.length - 1]), unit));
		});
		return medians;
	}

	void print(double seconds) {
		System.out.println();
		System.out.printf(Locale.ROOT,
				"p2p benchmark (%s run: %d warm-up, %d measured windows of ~%.2f s; %d cores, Java %s, %s threads, starter transport %s)%n",
				this.settings.quick() ? "quick" : "full", this.settings.warmups(), this.settings.windows(),
				this.settings.windowSeconds(), Runtime.getRuntime().availableProcessors(),
				System.getProperty("java.version"), (this.settings.virtualThreads() ? "virtual" : "platform")
						+ (this.settings.metrics() ? ", Micrometer metrics on" : ""),
				this.settings.transport());
		this.table.forEach(System.out::println);
		System.out.println();
		this.benchLines.forEach(System.out::println);
		System.out.printf(Locale.ROOT, "finished in %.1f s%s%n", seconds, this.failed ? " WITH FAILURES" : "");
	}

	/** A median as the {@code BENCH} lines print it, {@code FAILED} if there is none. */
	private static String median(Double value) {
		return (value != null) ? plainNumber(value) : "FAILED";
	}

	/**
	 * How far {@code value} is ahead of {@code base}: value / base, base / value when lower is better.
	 * @return the ratio with two decimals, {@code n/a} if {@code value} failed
	 */
	private static String ratio(Double value, double base, boolean lowerIsBetter) {
		return (value == null) ? "n/a"
				: String.format(Locale.ROOT, "%.2f", lowerIsBetter ? base / value : value / base);
	}

	private static String number(double value) {
		if (value < 10) {
			return String.format(Locale.ROOT, "%.3g", value);
		}
		return (value >= 100) ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
	}

	private static String plainNumber(double value) {
		return (value >= 100) ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
	}

}
