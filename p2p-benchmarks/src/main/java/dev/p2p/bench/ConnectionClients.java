package dev.p2p.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.p2p.peer.PeerIdentity;

/**
 * Load generator of the {@code connections} scenario, run in its own JVM (each process may
 * hold only so many sockets): opens {@code n} connections to a node, completes a HELLO/ACCEPT
 * handshake on each with its own node id, keeps them open and idle, and prints
 * {@code CONNECTED <n> <nanos>} when all are accepted. Exits when its standard input closes.
 */
public final class ConnectionClients {

	/** HELLO, ACCEPT and DENY control codes (docs/PROTOCOL.md). */
	static final int HELLO = 0xFFFFFF01;

	static final int ACCEPT = 0xFFFFFF02;

	static final int DENY = 0xFFFFFF03;

	private ConnectionClients() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		int count = Integer.parseInt(args[1]);
		int threads = Integer.parseInt(args[2]);
		List<Socket> sockets = Collections.synchronizedList(new ArrayList<>(count));
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		long start = System.nanoTime();
		List<Future<?>> work = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int first = t;
			work.add(pool.submit(() -> {
				for (int i = first; i < count; i += threads) {
					sockets.add(handshake(port, "client-" + i));
				}
				return null;
			}));
		}
		for (Future<?> future : work) {
			future.get();
		}
		long elapsed = System.nanoTime() - start;
		pool.shutdown();
		System.out.println("CONNECTED " + sockets.size() + " " + elapsed);
		System.out.flush();
		while (System.in.read() >= 0) {
			// hold the connections until the parent closes our input
		}
	}

	private static Socket handshake(int port, String nodeId) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
		socket.setSoTimeout(30_000);
		byte[] frame = helloFrame(nodeId);
		OutputStream out = socket.getOutputStream();
		out.write(frame);
		out.flush();
		DataInputStream in = new DataInputStream(socket.getInputStream());
		int type = Integer.reverseBytes(in.readInt());
		int length = Integer.reverseBytes(in.readInt());
		in.readFully(new byte[length]);
		if (type != ACCEPT) {
			throw new IOException(nodeId + " was not accepted (frame type 0x" + Integer.toHexString(type) + ")");
		}
		return socket;
	}

	/**
	 * A HELLO frame (header and JSON payload) announcing {@code nodeId} on the default network with
	 * the {@code bytes} codec.
	 * @param nodeId the node id
	 * @return the frame
	 */
	static byte[] helloFrame(String nodeId) {
		byte[] hello = ("{\"protocol\":" + PeerIdentity.PROTOCOL_VERSION + ",\"nodeId\":\"" + nodeId + "\",\"instanceId\":\"bench\","
				+ "\"networkId\":\"default\",\"listenPort\":0,\"codec\":\"bytes\"}")
			.getBytes(StandardCharsets.UTF_8);
		byte[] frame = new byte[8 + hello.length];
		writeIntLE(frame, 0, HELLO);
		writeIntLE(frame, 4, hello.length);
		System.arraycopy(hello, 0, frame, 8, hello.length);
		return frame;
	}

	private static void writeIntLE(byte[] buffer, int offset, int value) {
		for (int i = 0; i < 4; i++) {
			buffer[offset + i] = (byte) (value >>> (8 * i));
		}
	}

}
