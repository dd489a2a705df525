package dev.p2p.discovery;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Where adverts go (a broadcast address or a multicast group), and through which interface
 * (multicast only).
 *
 * @param destination the address and the discovery port
 * @param multicastInterface the interface multicast adverts leave by, {@code null} for broadcast
 * @param interfaceName the interface's name, for logs
 */
record DiscoveryTarget(InetSocketAddress destination, @Nullable NetworkInterface multicastInterface,
		String interfaceName) {

	private static final Log logger = LogFactory.getLog(DiscoveryTarget.class);

	/**
	 * For logs.
	 * @return {@code address:port on interface}
	 */
	String describe() {
		return this.destination.getAddress().getHostAddress() + ":" + this.destination.getPort() + " on "
				+ this.interfaceName;
	}

	/**
	 * Send an advert to every target; failures are logged, the first at WARN.
	 * @param channel the socket
	 * @param targets where to
	 * @param advert the datagram
	 * @param failureLogged whether a failure was logged at WARN already
	 * @return whether a failure has been logged at WARN now
	 */
	static boolean sendAll(DatagramChannel channel, List<DiscoveryTarget> targets, byte[] advert,
			boolean failureLogged) {
		boolean logged = failureLogged;
		for (DiscoveryTarget target : targets) {
			try {
				if (target.multicastInterface() != null) {
					channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, target.multicastInterface());
				}
				channel.send(ByteBuffer.wrap(advert), target.destination());
			}
			catch (ClosedChannelException ex) {
				return logged;
			}
			catch (IOException ex) {
				if (!logged) {
					logged = true;
					logger.warn("Discovery advert to " + target.describe() + " failed: " + ex.getMessage()
							+ " (further failures are logged at DEBUG)");
				}
				else {
					logger.debug("Discovery advert to " + target.describe() + " failed: " + ex.getMessage());
				}
			}
		}
		return logged;
	}

}
