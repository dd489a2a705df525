package dev.p2p.transport.tcp;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.p2p.transport.LocalSubnets;

/**
 * Dials a host that has several addresses the way RFC 8305 ("Happy Eyeballs v2") says: the
 * addresses of both families interleaved, IPv6 first; the next attempt starts
 * {@value #STAGGER_MILLIS} ms after the previous one (or at once when it failed sooner); the
 * first socket that connects wins and the others are closed before anything is written on them
 * (so the peer sees no HELLO on a losing connection). A host with one address is dialled
 * directly. The dial itself is given ({@link SocketDialer}), so that it may leave from the listen
 * port and speak TLS.
 */
public final class HappyEyeballs {

	/** Delay between the starts of two attempts (RFC 8305 §5 recommends 250 ms). */
	public static final long STAGGER_MILLIS = 250;

	/** Dials one address. */
	@FunctionalInterface
	public interface SocketDialer {

		/**
		 * Connect to one address.
		 * @param target the address
		 * @return the connected socket
		 * @throws IOException if it cannot connect
		 */
		Socket dial(InetSocketAddress target) throws IOException;

	}

	private HappyEyeballs() {
	}

	/**
	 * Resolve a host (A and AAAA) and dial it.
	 * @param host name or literal
	 * @param port port
	 * @param timeout longest time for the whole race
	 * @param dialer dials one address
	 * @return the winning socket
	 * @throws IOException if no address connects
	 */
	public static Socket connect(String host, int port, Duration timeout, SocketDialer dialer) throws IOException {
		InetAddress[] addresses;
		try {
			addresses = InetAddress.getAllByName(host);
		}
		catch (UnknownHostException ex) {
			throw new UnknownHostException("Cannot resolve " + host + ": " + ex.getMessage());
		}
		return connect(List.of(addresses), port, timeout, dialer);
	}

	/**
	 * Dial the first address that answers, in RFC 8305 order.
	 * @param addresses the host's addresses
	 * @param port port
	 * @param timeout longest time for the whole race
	 * @param dialer dials one address
	 * @return the winning socket
	 * @throws IOException if no address connects (the last failure, with the others suppressed)
	 */
	public static Socket connect(List<InetAddress> addresses, int port, Duration timeout, SocketDialer dialer)
			throws IOException {
		List<InetAddress> ordered = order(addresses);
		if (ordered.size() == 1) {
			return dialer.dial(new InetSocketAddress(ordered.get(0), port));
		}
		CompletableFuture<Socket> winner = new CompletableFuture<>();
		AtomicReference<IOException> failure = new AtomicReference<>();
		AtomicInteger failed = new AtomicInteger();
		List<CompletableFuture<Void>> failedSoon = new ArrayList<>();
		long deadline = System.nanoTime() + timeout.toNanos();
		for (int i = 0; i < ordered.size() && !winner.isDone(); i++) {
			InetSocketAddress target = new InetSocketAddress(ordered.get(i), port);
			CompletableFuture<Void> thisFailed = new CompletableFuture<>();
			failedSoon.add(thisFailed);
			Thread attempt = new Thread(() -> {
				try {
					Socket socket = dialer.dial(target);
					if (!winner.complete(socket)) {
						// another address won: this connection never carries a byte
						close(socket);
					}
				}
				catch (IOException | RuntimeException ex) {
					IOException io = (ex instanceof IOException e) ? e : new IOException(ex.getMessage(), ex);
					if (!failure.compareAndSet(null, io)) {
						failure.get().addSuppressed(io);
					}
					thisFailed.complete(null);
					if (failed.incrementAndGet() == ordered.size()) {
						winner.completeExceptionally(failure.get());
					}
				}
			}, "p2p-happy-eyeballs-" + target);
			attempt.setDaemon(true);
			attempt.start();
			if (i + 1 < ordered.size()) {
				try {
					// the next attempt starts after the stagger, or as soon as this one failed
					CompletableFuture.anyOf(winner, thisFailed).get(STAGGER_MILLIS, TimeUnit.MILLISECONDS);
				}
				catch (TimeoutException ex) {
					// still trying: start the next one beside it
				}
				catch (ExecutionException ex) {
					break;
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IOException("Interrupted while dialling " + target, ex);
				}
			}
		}
		try {
			return winner.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof IOException io) ? io : new IOException(ex.getCause());
		}
		catch (TimeoutException ex) {
			winner.thenAccept(HappyEyeballs::close);
			throw new java.net.SocketTimeoutException("No address of " + ordered + " connected within " + timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			winner.thenAccept(HappyEyeballs::close);
			throw new IOException("Interrupted while dialling " + ordered, ex);
		}
	}

	/**
	 * RFC 8305 §4 order: families interleaved, each family in resolver order but for its
	 * addresses on a subnet of this host, which come first; the family with such an address
	 * starts, IPv6 when both or neither have one.
	 * @param addresses the addresses
	 * @return the dialling order
	 */
	public static List<InetAddress> order(List<InetAddress> addresses) {
		return order(addresses, LocalSubnets.current());
	}

	/**
	 * {@link #order(List)} against given local subnets.
	 * @param addresses the addresses
	 * @param local this host's subnets
	 * @return the dialling order
	 */
	public static List<InetAddress> order(List<InetAddress> addresses, LocalSubnets local) {
		List<InetAddress> v6 = local.sameSubnetFirst(
				addresses.stream().filter((a) -> a instanceof Inet6Address).toList(), (a) -> a);
		List<InetAddress> v4 = local.sameSubnetFirst(
				addresses.stream().filter((a) -> !(a instanceof Inet6Address)).toList(), (a) -> a);
		boolean v4First = !v4.isEmpty() && local.contains(v4.get(0)) && (v6.isEmpty() || !local.contains(v6.get(0)));
		List<InetAddress> first = v4First ? v4 : v6;
		List<InetAddress> second = v4First ? v6 : v4;
		List<InetAddress> ordered = new ArrayList<>(addresses.size());
		for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
			if (i < first.size()) {
				ordered.add(first.get(i));
			}
			if (i < second.size()) {
				ordered.add(second.get(i));
			}
		}
		return ordered;
	}

	private static void close(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// nothing was written on it
		}
	}

}
