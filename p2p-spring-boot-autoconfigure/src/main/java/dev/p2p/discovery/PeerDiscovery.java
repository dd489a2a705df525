package dev.p2p.discovery;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

import dev.p2p.event.DatagramDropReason;
import dev.p2p.event.DiscoverySource;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.node.PeerNode;
import dev.p2p.peer.PeerAddress;

/**
 * Finds peers without configured addresses: UDP adverts ({@code p2p.discovery.enabled}), a DNS
 * name ({@code p2p.discovery.dns-name}) and peer exchange ({@code p2p.discovery.peer-exchange}).
 * Starts after the node (so adverts carry its bound port) and stops before it. Its timer runs
 * adverts, expiry, DNS resolution and peer exchange on one thread of its own; UDP datagrams are
 * received on another.
 */
public class PeerDiscovery implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(PeerDiscovery.class);

	/** A peer whose adverts (or peer-exchange reports) stop for this many intervals is lost. */
	static final int EXPIRY_INTERVALS = 3;

	private final PeerNode node;

	private final DiscoverySettings settings;

	private final AdvertCodec codec;

	private final ApplicationEventPublisher publisher;

	private final PeerMetrics metrics;

	/** Makes the timer and the UDP receiver: virtual when the node's threads are. */
	private final ThreadFactory threads;

	private final Object monitor = new Object();

	private volatile @Nullable ScheduledExecutorService timer;

	private volatile @Nullable UdpDiscovery udp;

	private volatile @Nullable DiscoveredPeers peers;

	private volatile long lastQueryAnswer = System.nanoTime() - Long.MAX_VALUE / 2;

	/**
	 * Create discovery for a node.
	 * @param node the node
	 * @param settings what to discover and how
	 * @param authenticator tags and verifies adverts
	 * @param publisher receives the discovery events
	 * @param metrics counts dropped datagrams and discovered peers
	 * @param threads makes discovery's two threads (its timer and the UDP receiver)
	 */
	public PeerDiscovery(PeerNode node, DiscoverySettings settings, DatagramAuthenticator authenticator,
			ApplicationEventPublisher publisher, PeerMetrics metrics, ThreadFactory threads) {
		this.node = node;
		this.threads = threads;
		this.settings = settings;
		this.codec = new AdvertCodec(authenticator);
		this.publisher = publisher;
		this.metrics = PeerMetrics.guard(metrics);
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.timer != null || !this.settings.anyEnabled()) {
				return;
			}
			ScheduledThreadPoolExecutor started = new ScheduledThreadPoolExecutor(1, this.threads);
			started.setRemoveOnCancelPolicy(true);
			DiscoveredPeers known = new DiscoveredPeers(this.node, this.publisher, this.metrics,
					this.settings.autoConnect(), this.settings.maxPeers(), this.settings.interval().multipliedBy(2));
			if (this.settings.udp()) {
				UdpDiscovery opened = new UdpDiscovery(this.node, this.settings, this.codec, known, this.publisher,
						this.metrics, () -> started.execute(this::answerQuery), this.threads);
				try {
					opened.open();
				}
				catch (IOException ex) {
					started.shutdownNow();
					throw new IllegalStateException("P2P discovery cannot start: " + ex.getMessage()
							+ " (p2p.discovery.port " + this.settings.port() + ")", ex);
				}
				this.udp = opened;
				long interval = this.settings.interval().toMillis();
				started.execute(() -> opened.advertise(true));
				every(started, interval, () -> opened.advertise(false));
				every(started, interval, () -> known.sweep(DiscoverySource.UDP,
						this.settings.interval().multipliedBy(EXPIRY_INTERVALS)));
			}
			if (this.settings.dnsName() != null) {
				DnsDiscovery dns = new DnsDiscovery(this.node, this.settings.dnsName(), known);
				started.execute(dns::resolve);
				every(started, this.settings.dnsInterval().toMillis(), dns::resolve);
			}
			if (this.settings.peerExchange()) {
				PeerExchange exchange = new PeerExchange(this.node, known, this.settings.requestTimeout(), started);
				long interval = this.settings.peerExchangeInterval().toMillis();
				every(started, interval, exchange::exchange);
				every(started, interval, () -> known.sweep(DiscoverySource.PEER_EXCHANGE,
						this.settings.peerExchangeInterval().multipliedBy(EXPIRY_INTERVALS)));
			}
			this.peers = known;
			this.timer = started;
		}
	}

	@Override
	public void stop() {
		synchronized (this.monitor) {
			ScheduledExecutorService current = this.timer;
			if (current == null) {
				return;
			}
			this.timer = null;
			current.shutdownNow();
			UdpDiscovery opened = this.udp;
			this.udp = null;
			if (opened != null) {
				opened.close();
			}
			DiscoveredPeers known = this.peers;
			if (known != null) {
				known.clear();
			}
			logger.debug("P2P discovery of node '" + this.node.getNodeId() + "' stopped");
		}
	}

	@Override
	public boolean isRunning() {
		return this.timer != null;
	}

	@Override
	public int getPhase() {
		// after the node (which starts at DEFAULT_PHASE - 1024): adverts carry its bound port
		return SmartLifecycle.DEFAULT_PHASE - 1000;
	}

	/**
	 * Discovery datagrams dropped so far, for one reason.
	 * @param reason the reason
	 * @return how many (0 without UDP discovery)
	 */
	public long getDroppedDatagrams(DatagramDropReason reason) {
		UdpDiscovery current = this.udp;
		return (current != null) ? current.dropped(reason) : 0;
	}

	/**
	 * Addresses of the peers discovery knows now (connected or not).
	 * @return a snapshot
	 */
	public Collection<PeerAddress> getDiscoveredPeers() {
		DiscoveredPeers known = this.peers;
		return (known != null) ? known.addresses() : List.of();
	}

	/** A QUERY arrived: advert now, at most twice per interval however many nodes ask. */
	private void answerQuery() {
		UdpDiscovery current = this.udp;
		long now = System.nanoTime();
		if (current != null && now - this.lastQueryAnswer >= this.settings.interval().toNanos() / 2) {
			this.lastQueryAnswer = now;
			current.advertise(false);
		}
	}

	private static void every(ScheduledExecutorService timer, long millis, Runnable task) {
		timer.scheduleWithFixedDelay(() -> {
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				// a failing round must not cancel the next ones
				logger.warn("P2P discovery task failed", ex);
			}
		}, millis, millis, TimeUnit.MILLISECONDS);
	}

}
