package dev.p2p.compat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.p2p.session.NodeThreads;

/** Threads and addresses the compatibility profiles share. */
public final class CompatThreads {

	private CompatThreads() {
	}

	/**
	 * Daemon platform threads named by a prefix and a counter (Spring's
	 * {@code CustomizableThreadFactory}, as the node's own threads have without virtual threads).
	 * @param prefix such as {@code p2p-peerpy-}
	 * @return the factory
	 */
	public static ThreadFactory factory(String prefix) {
		return NodeThreads.threads(prefix, false);
	}

	/**
	 * A pool of up to {@code maxThreads} daemon threads that queues nothing (a task without a
	 * free thread is refused) and lets idle threads go after 30 s.
	 * @param maxThreads most threads at once
	 * @param prefix such as {@code p2p-peerpy-}
	 * @return the pool
	 */
	public static ThreadPoolExecutor pool(int maxThreads, String prefix) {
		return new ThreadPoolExecutor(1, maxThreads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), factory(prefix));
	}

	/**
	 * The address other hosts of the LAN most likely reach this one on: the first site-local
	 * IPv4 address of an interface that is up, else any non-loopback IPv4, else loopback.
	 * @return the address
	 */
	public static InetAddress siteLocalAddress() {
		InetAddress fallback = null;
		try {
			for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
				if (!nic.isUp() || nic.isLoopback()) {
					continue;
				}
				for (InetAddress address : Collections.list(nic.getInetAddresses())) {
					if (address instanceof Inet4Address) {
						if (address.isSiteLocalAddress()) {
							return address;
						}
						fallback = (fallback != null) ? fallback : address;
					}
				}
			}
		}
		catch (SocketException ex) {
			// loopback below
		}
		return (fallback != null) ? fallback : InetAddress.getLoopbackAddress();
	}

}
