package dev.p2p.it;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Network namespaces a test makes for itself and removes again ({@link #close}): hosts with
 * names unique to this run, bridges, veth links between them, and commands run inside them.
 * Nothing is routed or translated in the root namespace, so no test packet leaves the machine.
 * Needs root and iproute2; {@link #assumeAvailable} skips the calling test otherwise.
 */
final class NetworkNamespaces implements AutoCloseable {

	private final String suffix;

	private final List<String> namespaces = new ArrayList<>();

	private final List<String> rootLinks = new ArrayList<>();

	private int links;

	private NetworkNamespaces(String suffix) {
		this.suffix = suffix;
	}

	/**
	 * Skip the calling test unless this process is root and every command named works.
	 * @param commands further commands the test needs, such as {@code iptables}
	 */
	static void assumeAvailable(String... commands) {
		assumeThat(output("id", "-u").trim()).as("needs root for ip netns").isEqualTo("0");
		assumeThat(exitCode("ip", "-V")).as("ip (iproute2) is installed").isZero();
		for (String command : commands) {
			assumeThat(exitCode(command, "--version")).as(command + " is installed").isZero();
		}
	}

	/**
	 * Start a set of namespaces whose names carry a random suffix, so runs and parallel builds
	 * do not collide.
	 * @return the empty set
	 */
	static NetworkNamespaces create() {
		return new NetworkNamespaces(HexFormat.of()
			.formatHex(new byte[] { (byte) ThreadLocalRandom.current().nextInt(),
					(byte) ThreadLocalRandom.current().nextInt() }));
	}

	/**
	 * Add a namespace with its loopback up.
	 * @param role short name of its role (a few letters), part of the namespace's name
	 * @return the namespace's full name
	 */
	String host(String role) {
		String namespace = "p2p-" + this.suffix + "-" + role;
		check("ip", "netns", "add", namespace);
		this.namespaces.add(namespace);
		check("ip", "-n", namespace, "link", "set", "lo", "up");
		return namespace;
	}

	/**
	 * Add a namespace holding only a bridge {@code br0} that is up.
	 * @param role short name of its role
	 * @return the namespace's full name
	 */
	String bridge(String role) {
		String namespace = host(role);
		check("ip", "-n", namespace, "link", "add", "br0", "type", "bridge");
		check("ip", "-n", namespace, "link", "set", "br0", "up");
		return namespace;
	}

	/**
	 * Connect a namespace to the bridge of another with a veth pair; the namespace's end is
	 * renamed and up, without addresses.
	 * @param bridgeNamespace a namespace made by {@link #bridge}
	 * @param namespace the namespace to attach
	 * @param device name of the namespace's end
	 */
	void attach(String bridgeNamespace, String namespace, String device) {
		String outside = link(bridgeNamespace, namespace, device);
		check("ip", "-n", bridgeNamespace, "link", "set", outside, "master", "br0", "up");
	}

	/**
	 * Join two namespaces with a veth pair, both ends renamed and up, without addresses.
	 * @param a one namespace
	 * @param deviceA name of its end
	 * @param b the other namespace
	 * @param deviceB name of its end
	 */
	void connect(String a, String deviceA, String b, String deviceB) {
		String end = link(a, b, deviceB);
		check("ip", "-n", a, "link", "set", end, "name", deviceA);
		check("ip", "-n", a, "link", "set", deviceA, "up");
	}

	/**
	 * Add an address to a device, without IPv6 duplicate address detection (which would keep
	 * the address tentative for a second).
	 * @param namespace the namespace
	 * @param device the device
	 * @param cidr address and prefix length, IPv4 or IPv6
	 */
	void address(String namespace, String device, String cidr) {
		if (cidr.contains(":")) {
			check("ip", "-n", namespace, "addr", "add", cidr, "dev", device, "nodad");
		}
		else {
			check("ip", "-n", namespace, "addr", "add", cidr, "brd", "+", "dev", device);
		}
	}

	/**
	 * Run a command in a namespace and fail if it fails.
	 * @param namespace the namespace
	 * @param command the command and its arguments
	 */
	void exec(String namespace, String... command) {
		List<String> words = new ArrayList<>(prefix(namespace));
		words.addAll(List.of(command));
		check(words.toArray(String[]::new));
	}

	/**
	 * Command words that run what follows them in a namespace.
	 * @param namespace the namespace
	 * @return {@code ip netns exec <namespace>}
	 */
	static List<String> prefix(String namespace) {
		return List.of("ip", "netns", "exec", namespace);
	}

	/**
	 * Delete every namespace made here; deleting a namespace deletes its veth ends and bridges.
	 * A veth pair left in the root namespace by a failed move is deleted too.
	 */
	@Override
	public void close() {
		for (String namespace : this.namespaces) {
			exitCode("ip", "netns", "del", namespace);
		}
		this.namespaces.clear();
		for (String link : this.rootLinks) {
			exitCode("ip", "link", "del", link);
		}
		this.rootLinks.clear();
	}

	/** Make a veth pair, move one end into {@code b} as {@code deviceB}, the other into {@code a}. */
	private String link(String a, String b, String deviceB) {
		this.links++;
		String outside = "p2p" + this.suffix + "a" + this.links;
		String inside = "p2p" + this.suffix + "b" + this.links;
		this.rootLinks.add(outside);
		check("ip", "link", "add", outside, "type", "veth", "peer", "name", inside);
		check("ip", "link", "set", outside, "netns", a);
		check("ip", "link", "set", inside, "netns", b);
		check("ip", "-n", b, "link", "set", inside, "name", deviceB);
		check("ip", "-n", b, "link", "set", deviceB, "up");
		return outside;
	}

	/**
	 * Run a command and fail if it exits with anything but 0.
	 * @param command the command and its arguments
	 */
	static void check(String... command) {
		int exit = exitCode(command);
		if (exit != 0) {
			throw new IllegalStateException(String.join(" ", command) + " exited with " + exit);
		}
	}

	/**
	 * Run a command, discarding its output.
	 * @param command the command and its arguments
	 * @return its exit code, -1 if it could not start or took over 30 seconds
	 */
	static int exitCode(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			process.getInputStream().transferTo(OutputStream.nullOutputStream());
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return -1;
			}
			return process.exitValue();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	/**
	 * Run a command and return what it printed.
	 * @param command the command and its arguments
	 * @return its output and error output, empty if it could not start
	 */
	static String output(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			process.waitFor(30, TimeUnit.SECONDS);
			return output;
		}
		catch (IOException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

}
