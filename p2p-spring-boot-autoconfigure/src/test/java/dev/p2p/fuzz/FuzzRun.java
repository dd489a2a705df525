package dev.p2p.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * A seeded, structure-aware fuzz run: how many inputs, from which seed, and the byte-level
 * mutations shared by the fuzz tests. {@code -Dp2p.fuzz.inputs=1000000} makes a long run,
 * {@code -Dp2p.fuzz.seed=N} repeats one; a failure names the seed and the input's index, and
 * {@code -Dp2p.fuzz.seed=N -Dp2p.fuzz.from=I} replays from that input.
 */
public final class FuzzRun {

	private static final int DEFAULT_INPUTS = 25_000;

	private final String name;

	private final long seed;

	private final long inputs;

	private final long from;

	private FuzzRun(String name, long seed, long inputs, long from) {
		this.name = name;
		this.seed = seed;
		this.inputs = inputs;
		this.from = from;
	}

	/**
	 * The run configured by system properties.
	 * @param name what is fuzzed, for the report
	 * @return the run
	 */
	public static FuzzRun configured(String name) {
		return new FuzzRun(name, Long.getLong("p2p.fuzz.seed", 0x5EED_2026L),
				Long.getLong("p2p.fuzz.inputs", DEFAULT_INPUTS), Long.getLong("p2p.fuzz.from", 0));
	}

	/**
	 * Generate and check every input. Input {@code i} comes from its own {@link Random}
	 * (seeded with the run's seed and {@code i}), so one input replays alone.
	 * @param check generates an input from the random source and checks it; throws on a finding
	 * @return what the run saw: inputs checked and heap growth
	 */
	public Report run(BiConsumer<Random, Long> check) {
		long heapBefore = usedHeapAfterGc();
		long started = System.nanoTime();
		for (long i = this.from; i < this.inputs; i++) {
			Random random = new Random(this.seed * 0x9E3779B97F4A7C15L + i);
			try {
				check.accept(random, i);
			}
			catch (RuntimeException | AssertionError | StackOverflowError | OutOfMemoryError ex) {
				throw new AssertionError(this.name + ": input " + i + " of seed " + this.seed + " failed (replay with -Dp2p.fuzz.seed="
						+ this.seed + " -Dp2p.fuzz.from=" + i + "): " + ex, ex);
			}
		}
		long millis = (System.nanoTime() - started) / 1_000_000;
		long heapAfter = usedHeapAfterGc();
		Report report = new Report(this.inputs - this.from, millis, heapBefore, heapAfter);
		System.out.println("FUZZ " + this.name + " seed=" + this.seed + " " + report);
		return report;
	}

	private static long usedHeapAfterGc() {
		Runtime runtime = Runtime.getRuntime();
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return runtime.totalMemory() - runtime.freeMemory();
	}

	/**
	 * Mutate bytes the way a fuzzer does: flip bits, overwrite, insert, delete, duplicate a
	 * slice, truncate; zero to several times.
	 * @param random the input's random source
	 * @param input the bytes to start from
	 * @return the mutated bytes (a new array)
	 */
	public static byte[] mutate(Random random, byte[] input) {
		byte[] bytes = input.clone();
		int mutations = random.nextInt(4);
		for (int m = 0; m < mutations; m++) {
			if (bytes.length == 0) {
				bytes = randomBytes(random, 1 + random.nextInt(16));
				continue;
			}
			int at = random.nextInt(bytes.length);
			switch (random.nextInt(6)) {
				case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
				case 1 -> bytes[at] = (byte) interestingByte(random);
				case 2 -> bytes = splice(bytes, at, 0, randomBytes(random, 1 + random.nextInt(8)));
				case 3 -> bytes = splice(bytes, at, Math.min(bytes.length - at, 1 + random.nextInt(8)), new byte[0]);
				case 4 -> {
					int length = Math.min(bytes.length - at, 1 + random.nextInt(32));
					byte[] slice = java.util.Arrays.copyOfRange(bytes, at, at + length);
					bytes = splice(bytes, random.nextInt(bytes.length + 1), 0, slice);
				}
				default -> bytes = java.util.Arrays.copyOf(bytes, at);
			}
		}
		return bytes;
	}

	/**
	 * Random bytes.
	 * @param random the source
	 * @param length how many
	 * @return the bytes
	 */
	public static byte[] randomBytes(Random random, int length) {
		byte[] bytes = new byte[length];
		random.nextBytes(bytes);
		return bytes;
	}

	private static int interestingByte(Random random) {
		int[] interesting = { 0x00, 0x01, 0x7F, 0x80, 0xFF, 0xFE, '"', '{', '}', '[', ']', ':', ',', '\\' };
		return interesting[random.nextInt(interesting.length)];
	}

	private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + insert.length);
		out.write(bytes, 0, at);
		out.write(insert, 0, insert.length);
		out.write(bytes, at + remove, bytes.length - at - remove);
		return out.toByteArray();
	}

	/**
	 * What a run saw.
	 *
	 * @param inputs inputs checked
	 * @param millis how long it took
	 * @param heapBefore heap in use after a GC before the run
	 * @param heapAfter heap in use after a GC after the run
	 */
	public record Report(long inputs, long millis, long heapBefore, long heapAfter) {

		/**
		 * Heap growth over the run.
		 * @return bytes (negative if the heap shrank)
		 */
		public long heapGrowth() {
			return this.heapAfter - this.heapBefore;
		}

		@Override
		public String toString() {
			return "inputs=" + this.inputs + " millis=" + this.millis + " heap_before_kib=" + this.heapBefore / 1024
					+ " heap_after_kib=" + this.heapAfter / 1024;
		}

	}

}
