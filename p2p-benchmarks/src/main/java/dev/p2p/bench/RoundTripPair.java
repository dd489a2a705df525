package dev.p2p.bench;

/**
 * A client and an echoing server for round-trip latency.
 */
public interface RoundTripPair extends AutoCloseable {

	/**
	 * Do {@code count} request/reply round trips one after the other.
	 * @param count round trips
	 * @return the duration of each round trip in nanoseconds
	 * @throws Exception if a reply is missing or wrong
	 */
	long[] roundTrips(int count) throws Exception;

}
