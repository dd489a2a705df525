package dev.p2p.compat.pnet;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.p2p.compat.CompatMetrics;
import dev.p2p.compat.CompatThreads;
import dev.p2p.event.DatagramDropReason;
import dev.p2p.event.DiscoveryDatagramRejectedEvent;
import dev.p2p.session.AttachedSessions;

/**
 * pnet's UDP adverts: {@code <network id>|adv|<name@ip:port>|<pk>|END\n} sent every
 * {@code p2p.pnet.advertise-interval} to the advertise address and port, and read on the
 * advertise port (SO_REUSEADDR: pnet nodes on the same host bind it too). Adverts of another
 * network, undecryptable ones (another network key) and malformed ones are dropped with an
 * event and a metric; the node's own adverts are skipped.
 */
final class PnetAdverts {

	private static final Log logger = LogFactory.getLog(PnetAdverts.class);

	private final PnetSettings settings;

	private final PnetNetworkLayer layer;

	private final Supplier<PnetAdvert> own;

	private final PnetPeers peers;

	private final AttachedSessions node;

	private final CompatMetrics metrics;

	private volatile @Nullable DatagramSocket listener;

	private volatile @Nullable DatagramSocket sender;

	PnetAdverts(PnetSettings settings, PnetNetworkLayer layer, Supplier<PnetAdvert> own, PnetPeers peers,
			AttachedSessions node, CompatMetrics metrics) {
		this.settings = settings;
		this.layer = layer;
		this.own = own;
		this.peers = peers;
		this.node = node;
		this.metrics = metrics;
	}

	void start(ScheduledExecutorService timer) throws IOException {
		DatagramSocket in = new DatagramSocket(null);
		in.setReuseAddress(true);
		in.bind(new InetSocketAddress(this.settings.bindAddress(), this.settings.advertisePort()));
		this.listener = in;
		DatagramSocket out = new DatagramSocket();
		out.setBroadcast(true);
		this.sender = out;
		Thread thread = CompatThreads.factory("p2p-pnet-adverts-").newThread(() -> listen(in));
		thread.start();
		long interval = this.settings.advertiseInterval().toMillis();
		timer.scheduleWithFixedDelay(this::advertise, 0, interval, TimeUnit.MILLISECONDS);
		timer.scheduleWithFixedDelay(this.peers::sweep, interval, interval, TimeUnit.MILLISECONDS);
	}

	void stop() {
		DatagramSocket in = this.listener;
		if (in != null) {
			in.close();
		}
		DatagramSocket out = this.sender;
		if (out != null) {
			out.close();
		}
	}

	private void advertise() {
		DatagramSocket out = this.sender;
		if (out == null) {
			return;
		}
		try {
			byte[] advert = this.own.get().toLine(this.settings.networkId(), this.layer).toBytes();
			out.send(new DatagramPacket(advert, advert.length,
					new InetSocketAddress(this.settings.advertiseAddress(), this.settings.advertisePort())));
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("pnet advert not sent: " + ex.getMessage());
		}
	}

	private void listen(DatagramSocket in) {
		byte[] buffer = new byte[PnetAdvert.MAX_DATAGRAM_SIZE];
		while (!in.isClosed()) {
			DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
			try {
				in.receive(packet);
			}
			catch (IOException ex) {
				return;
			}
			InetSocketAddress source = (InetSocketAddress) packet.getSocketAddress();
			for (String text : PnetAdvert.lines(packet.getData(), packet.getLength())) {
				read(source, text);
			}
		}
	}

	private void read(InetSocketAddress source, String text) {
		try {
			PnetAdvert advert = PnetAdvert.fromLine(PnetLine.parse(text), this.settings.networkId(), this.layer);
			if (!advert.name().equals(this.settings.name())) {
				this.peers.seen(advert);
			}
		}
		catch (PnetProtocolException ex) {
			PnetViolation violation = ex.getViolation();
			this.metrics.refused(PnetSettings.PROFILE, "advert-" + violation.tag());
			if (violation == PnetViolation.WRONG_NETWORK) {
				logger.debug("pnet advert from " + source + " dropped: " + ex.getMessage());
			}
			else {
				logger.warn("pnet advert from " + source + " dropped (" + violation.tag() + "): " + ex.getMessage());
			}
			this.node.publish(new DiscoveryDatagramRejectedEvent(this.node.eventSource(), source,
					(violation == PnetViolation.WRONG_NETWORK) ? DatagramDropReason.FOREIGN_NETWORK
							: (violation == PnetViolation.NET_DECRYPTION) ? DatagramDropReason.SPOOFED
									: DatagramDropReason.MALFORMED,
					"pnet: " + ex.getMessage()));
		}
	}

}
