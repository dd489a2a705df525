package dev.p2p.it;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import org.jspecify.annotations.Nullable;

/**
 * Finds an interface on which an IPv6 link-local multicast datagram sent by this host comes back
 * to it (joined group, multicast loop on): where there is none, IPv6 discovery tests skip.
 */
final class Ipv6MulticastProbe {

	private Ipv6MulticastProbe() {
	}

	/**
	 * The first interface that passes.
	 * @return its name, or {@code null}
	 */
	static @Nullable String loopingInterface() {
		try {
			for (NetworkInterface nif : NetworkInterface.networkInterfaces().toList()) {
				if (nif.isUp() && nif.supportsMulticast() && !nif.isLoopback()
						&& nif.inetAddresses().anyMatch(Inet6Address.class::isInstance) && loops(nif)) {
					return nif.getName();
				}
			}
		}
		catch (IOException ex) {
			// no interfaces to look at
		}
		return null;
	}

	private static boolean loops(NetworkInterface nif) {
		try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET6)) {
			channel.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
			channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
			channel.bind(new InetSocketAddress(InetAddress.getByName("::"), 0));
			InetAddress group = Inet6Address.getByAddress(null, InetAddress.getByName("ff02::7032:ffff").getAddress(),
					nif);
			channel.join(group, nif);
			int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
			channel.send(ByteBuffer.wrap(new byte[] { 42 }), new InetSocketAddress(group, port));
			channel.socket().setSoTimeout(1000);
			DatagramPacket packet = new DatagramPacket(new byte[8], 8);
			channel.socket().receive(packet);
			return packet.getLength() == 1 && packet.getData()[0] == 42;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

}
