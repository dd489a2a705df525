package dev.p2p.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A byte-level stand-in for a relay between two NATed hosts, run in the namespaces as its own
 * process ({@code java ... NatSplice ...}):
 * <ul>
 * <li>{@code pair <portA> <portB>} (on the public relay host): pairs each connection accepted
 * on port A with the next one accepted on port B and pipes them together;</li>
 * <li>{@code back <relayHost> <portB> <localPort>} (on the NATed host): dials the relay's port B
 * from inside the NAT and, once bytes arrive, the local node's port, and pipes them.</li>
 * </ul>
 * A session between the two nodes through it is what a circuit relay gives: the nodes' own
 * ports are not connected to each other, so a hole punch has to open that path.
 */
public final class NatSplice {

	private NatSplice() {
	}

	public static void main(String[] args) throws Exception {
		if ("pair".equals(args[0])) {
			try (ServerSocket a = new ServerSocket(Integer.parseInt(args[1]));
					ServerSocket b = new ServerSocket(Integer.parseInt(args[2]))) {
				System.out.println("NAT-SPLICE-READY");
				while (true) {
					Socket fromB = b.accept();
					Socket fromA = a.accept();
					pipe(fromA, fromB, new byte[0]);
					pipe(fromB, fromA, new byte[0]);
				}
			}
		}
		InetSocketAddress relay = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
		int localPort = Integer.parseInt(args[3]);
		while (true) {
			Socket up = new Socket();
			try {
				up.connect(relay, 3000);
			}
			catch (IOException ex) {
				up.close();
				Thread.sleep(200);
				continue;
			}
			System.out.println("NAT-SPLICE-READY");
			byte[] first = new byte[65536];
			int n = up.getInputStream().read(first);
			if (n < 0) {
				up.close();
				continue;
			}
			Socket local = new Socket("127.0.0.1", localPort);
			byte[] head = java.util.Arrays.copyOf(first, n);
			pipe(up, local, head);
			pipe(local, up, new byte[0]);
		}
	}

	private static void pipe(Socket from, Socket to, byte[] head) {
		Thread pump = new Thread(() -> {
			byte[] buffer = new byte[65536];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				out.write(head);
				for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
					out.write(buffer, 0, n);
				}
			}
			catch (IOException ex) {
				// one side closed
			}
			try {
				from.close();
				to.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		});
		pump.start();
	}

}
