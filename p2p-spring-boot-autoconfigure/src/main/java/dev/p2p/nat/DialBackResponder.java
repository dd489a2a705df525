package dev.p2p.nat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.p2p.reach.HolePunchFrames;
import dev.p2p.reach.HolePunchFrames.DialBack;
import dev.p2p.reach.ReachableAddress;
import dev.p2p.wire.FrameEncoder;

/**
 * Answers a peer's DIAL_BACK: dials the addresses it gives, from an ephemeral port (a fresh
 * mapping, as a stranger would), and sends the nonce as the only frame (DIAL_BACK_PROBE). So
 * that nobody can use this node to knock on a third party's door (AutoNAT's amplification
 * rule), only addresses with the requester's own connection IP are dialled; others are refused
 * without a packet sent. Rate limited per requester and in total.
 */
public final class DialBackResponder {

	private static final Log logger = LogFactory.getLog(DialBackResponder.class);

	/** Dial-backs in flight at once, over all requesters. */
	static final int MAX_IN_FLIGHT = 4;

	/** Addresses tried per request. */
	static final int MAX_TARGETS = 3;

	/** Requesters whose last dial-back time is remembered. */
	private static final int MAX_REMEMBERED = 1024;

	private final Duration interval;

	private final Duration timeout;

	private final @Nullable SSLContext tls;

	private final Executor executor;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final Map<String, Long> lastDial = new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
			return size() > MAX_REMEMBERED;
		}

	};

	/**
	 * Create the responder.
	 * @param interval shortest time between two dial-backs for the same requester
	 * @param timeout connect timeout of each dial
	 * @param tls the node's TLS context when its listeners speak TLS (so do probes), else {@code null}
	 * @param executor runs the dials (never on a reader thread)
	 */
	public DialBackResponder(Duration interval, Duration timeout, @Nullable SSLContext tls, Executor executor) {
		this.interval = interval;
		this.timeout = timeout;
		this.tls = tls;
		this.executor = executor;
	}

	/**
	 * Handle a request: refuse it at once, or dial in the background and report.
	 * @param requester the requesting node's id
	 * @param requesterIp the IP its session's connection comes from
	 * @param request the DIAL_BACK
	 * @param result receives the DIAL_BACK_RESULT
	 */
	public void handle(String requester, InetAddress requesterIp, DialBack request, Consumer<DialBack> result) {
		List<ReachableAddress> targets = new ArrayList<>();
		for (ReachableAddress candidate : request.addresses()) {
			if (candidate.address().equals(requesterIp) && targets.size() < MAX_TARGETS) {
				targets.add(candidate);
			}
		}
		if (targets.isEmpty()) {
			logger.info("Refused a dial-back for '" + requester + "': none of its addresses " + request.addresses()
					+ " has the IP of its connection, " + requesterIp.getHostAddress());
			result.accept(new DialBack(request.nonce(), HolePunchFrames.REFUSED, List.of()));
			return;
		}
		long now = System.nanoTime();
		synchronized (this.lastDial) {
			Long last = this.lastDial.get(requester);
			if (last != null && now - last < this.interval.toNanos()) {
				result.accept(new DialBack(request.nonce(), HolePunchFrames.BUSY, List.of()));
				return;
			}
			if (this.inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
				this.inFlight.decrementAndGet();
				result.accept(new DialBack(request.nonce(), HolePunchFrames.BUSY, List.of()));
				return;
			}
			this.lastDial.put(requester, now);
		}
		try {
			this.executor.execute(() -> {
				try {
					result.accept(dial(request.nonce(), targets));
				}
				finally {
					this.inFlight.decrementAndGet();
				}
			});
		}
		catch (RuntimeException ex) {
			this.inFlight.decrementAndGet();
			result.accept(new DialBack(request.nonce(), HolePunchFrames.BUSY, List.of()));
		}
	}

	private DialBack dial(long nonce, List<ReachableAddress> targets) {
		for (ReachableAddress target : targets) {
			try {
				probe(target.socketAddress(), nonce);
				return new DialBack(nonce, HolePunchFrames.REACHED, List.of(target));
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Dial-back of " + target + " failed: " + ex.getMessage());
			}
		}
		return new DialBack(nonce, HolePunchFrames.UNREACHABLE, List.of());
	}

	private void probe(InetSocketAddress target, long nonce) throws IOException {
		SocketFactory factory = (this.tls != null) ? this.tls.getSocketFactory() : SocketFactory.getDefault();
		try (Socket socket = factory.createSocket()) {
			int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, this.timeout.toMillis()));
			socket.connect(target, millis);
			socket.setSoTimeout(millis);
			if (socket instanceof SSLSocket ssl) {
				ssl.startHandshake();
			}
			OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64);
			FrameEncoder encoder = new FrameEncoder(64);
			encoder.write(HolePunchFrames.probe(nonce), out);
			encoder.flush(out);
			out.flush();
		}
	}

}
