package dev.p2p.nat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import javax.net.SocketFactory;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.p2p.reach.HolePunchFrames;
import dev.p2p.reach.HolePunchFrames.Join;
import dev.p2p.transport.tcp.ReusePortSockets;
import dev.p2p.wire.FrameEncoder;

/**
 * One attempt of a hole punch's TCP simultaneous open: every address of the other end is dialled
 * at once, each from the listen port, on its own thread (blocking connects of at most the
 * attempt's timeout). The initiator keeps the first connection and closes later ones; the
 * responder keeps every connection, since the initiator's PUNCH_JOIN picks the one that counts.
 */
final class SimultaneousOpen {

	private static final Log logger = LogFactory.getLog(SimultaneousOpen.class);

	private SimultaneousOpen() {
	}

	/** What happens with a connected socket. */
	@FunctionalInterface
	interface Connected {

		void accept(Socket socket, InetSocketAddress target) throws IOException;

	}

	/**
	 * Dial every target.
	 * @param sockets makes the sockets (of a kind the node's transport can take over)
	 * @param targets the other end's addresses
	 * @param bound this node's listen address, dialled from
	 * @param timeout connect timeout
	 * @param firstOnly whether only the first connection is kept (the initiator)
	 * @param over whether the punch ended meanwhile (connections then are closed)
	 * @param connected takes a kept connection
	 * @param failed told once, with the last error, when no target connected
	 */
	static void dial(SocketFactory sockets, List<InetSocketAddress> targets, InetSocketAddress bound, Duration timeout, boolean firstOnly,
			BooleanSupplier over, Connected connected, Consumer<String> failed) {
		if (targets.isEmpty()) {
			failed.accept("the peer offered no address to dial");
			return;
		}
		AtomicInteger left = new AtomicInteger(targets.size());
		AtomicBoolean won = new AtomicBoolean();
		for (InetSocketAddress target : targets) {
			Thread dialler = new Thread(() -> {
				try {
					Socket socket = ReusePortSockets.dialFromPort(sockets, target, bound, timeout);
					if ((firstOnly && !won.compareAndSet(false, true)) || over.getAsBoolean()) {
						socket.close();
						return;
					}
					won.set(true);
					connected.accept(socket, target);
				}
				catch (IOException | RuntimeException ex) {
					logger.debug("Hole punch towards " + target + " failed: " + ex.getMessage());
					if (left.decrementAndGet() == 0 && !won.get()) {
						failed.accept(ex.getMessage());
					}
				}
			}, "p2p-holepunch-" + target);
			dialler.setDaemon(true);
			dialler.start();
		}
	}

	/**
	 * The bytes of a PUNCH_JOIN frame, written before the HELLO of the initiator's connection.
	 * @param join what it says
	 * @return the frame, header included
	 * @throws IOException never, in practice (memory stream)
	 */
	static byte[] joinFrame(Join join) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
		FrameEncoder encoder = new FrameEncoder(128);
		encoder.write(HolePunchFrames.join(join), bytes);
		encoder.flush(bytes);
		return bytes.toByteArray();
	}

}
