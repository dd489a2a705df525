package dev.p2p.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Command-line options of the benchmark. */
record BenchSettings(boolean quick, int warmups, int windows, double windowSeconds, int peers, Set<String> only,
		Set<String> variants, boolean deliveryModes, boolean virtualThreads, boolean metrics, String delivery, String transport) {

	static BenchSettings parse(String[] args) {
		boolean quick = false;
		boolean virtualThreads = false;
		boolean metrics = false;
		boolean deliveryModes = false;
		String delivery = "at-most-once";
		String transport = "netty";
		int peers = -1;
		Set<String> only = Set.of();
		Set<String> variants = Set.of();
		for (String arg : args) {
			if (arg.equals("--quick")) {
				quick = true;
			}
			else if (arg.equals("--virtual-threads")) {
				virtualThreads = true;
			}
			else if (arg.equals("--metrics")) {
				metrics = true;
			}
			else if (arg.equals("--delivery-modes")) {
				deliveryModes = true;
			}
			else if (arg.startsWith("--only=")) {
				only = Set.of(arg.substring("--only=".length()).split(","));
			}
			else if (arg.startsWith("--variants=")) {
				variants = Set.of(arg.substring("--variants=".length()).split(","));
				variants.forEach(BenchmarkMain::variant);
			}
			else if (arg.startsWith("--delivery=")) {
				delivery = arg.substring("--delivery=".length());
				if (!List.of("at-most-once", "at-least-once", "exactly-once").contains(delivery)) {
					throw new IllegalArgumentException("--delivery must be at-most-once, at-least-once or exactly-once, was "
							+ delivery);
				}
			}
			else if (arg.startsWith("--transport=")) {
				transport = arg.substring("--transport=".length());
				if (!List.of("tcp", "netty").contains(transport)) {
					throw new IllegalArgumentException("--transport must be tcp or netty, was " + transport);
				}
			}
			else if (arg.startsWith("--peers=")) {
				peers = Integer.parseInt(arg.substring("--peers=".length()));
			}
			else {
				throw new IllegalArgumentException("Unknown option " + arg
						+ "; usage: [--quick] [--only=scenario,...] [--variants=starter,netty,...] [--delivery-modes] [--peers=n] [--virtual-threads] [--metrics] [--delivery=at-most-once|at-least-once|exactly-once] [--transport=netty|tcp]");
			}
		}
		if (peers < 0) {
			peers = quick ? 1_000 : 10_000;
		}
		return quick ? new BenchSettings(true, 1, 3, 0.25, peers, only, variants, deliveryModes, virtualThreads, metrics, delivery, transport)
				: new BenchSettings(false, 2, 5, 1.5, peers, only, variants, deliveryModes, virtualThreads, metrics, delivery, transport);
	}

	/** The flags passed on to child JVMs that run starter peers. */
	List<String> peerFlags() {
		List<String> flags = new ArrayList<>();
		if (this.virtualThreads) {
			flags.add("--virtual-threads");
		}
		if (this.metrics) {
			flags.add("--metrics");
		}
		// the starter peers' p2p.delivery.mode; at-most-once is the starter's default
		flags.add("--delivery=" + this.delivery);
		// the starter peers' p2p.transport
		flags.add("--transport=" + this.transport);
		return flags;
	}

	/**
	 * Whether the run measures a variant in a scenario: the default set ({@link BenchmarkMain#VARIANT_NAMES}) or
	 * those of {@code --variants=}; the reliable starters ({@link StarterVariant#RELIABLE_VARIANTS}) only when
	 * named there or with {@code --delivery-modes}, and only in {@link StarterVariant#RELIABLE_SCENARIOS}.
	 */
	boolean selects(String variant, String scenario) {
		if (StarterVariant.RELIABLE_VARIANTS.contains(variant)) {
			return (this.deliveryModes || this.variants.contains(variant))
					&& StarterVariant.RELIABLE_SCENARIOS.contains(scenario);
		}
		return this.variants.isEmpty() || this.variants.contains(variant);
	}

	boolean includes(String scenario) {
		return this.only.isEmpty() || this.only.contains(scenario);
	}

}
