package dev.p2p.it;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.p2p.compat.pnet.PnetAdvert;
import dev.p2p.compat.pnet.PnetLine;
import dev.p2p.compat.pnet.PnetNetworkLayer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * peerpy and pnet discovery on a real LAN segment: two network namespaces on a bridge (as root;
 * skipped otherwise), a forked node with both profiles in one, and in the other a Python script
 * (standard library only) that listens for pnet adverts and seeks peerpy peers exactly as the
 * Python code does, with broadcasts to 255.255.255.255 on the fixed ports 1024 and 3334.
 */
class CompatLanIntegrationTests {

	@Test
	void pythonPeersHearTheNodesPnetAdvertsAndItsPongToPeerpysBroadcastPing() throws Exception {
		NetworkNamespaces.assumeAvailable();
		assumeThat(NetworkNamespaces.exitCode("python3", "--version")).as("python3 is installed").isZero();
		Path script = Files.createTempFile("compat_lan_peer", ".py");
		try (InputStream source = getClass().getResourceAsStream("compat_lan_peer.py");
				NetworkNamespaces namespaces = NetworkNamespaces.create()) {
			Files.write(script, source.readAllBytes());
			String bridge = namespaces.bridge("br");
			String nodeHost = namespaces.host("n");
			String pythonHost = namespaces.host("py");
			namespaces.attach(bridge, nodeHost, "p2p0");
			namespaces.attach(bridge, pythonHost, "p2p0");
			namespaces.address(nodeHost, "p2p0", "10.232.0.1/24");
			namespaces.address(pythonHost, "p2p0", "10.232.0.2/24");
			// 255.255.255.255 needs a route; the bridge lives in its own namespace, so nothing leaves it
			namespaces.exec(nodeHost, "ip", "route", "add", "default", "dev", "p2p0");
			namespaces.exec(pythonHost, "ip", "route", "add", "default", "dev", "p2p0");
			ForkedPeers node = ForkedPeers.start(NetworkNamespaces.prefix(nodeHost), "lan-node", "p2p.server.port=0",
					"p2p.peerpy.enabled=true", "p2p.peerpy.port=5003", "p2p.peerpy.packet-type=TEXT",
					"p2p.peerpy.advertised-host=10.232.0.1", "p2p.pnet.enabled=true", "p2p.pnet.name=alpha",
					"p2p.pnet.network-id=lab", "p2p.pnet.advertised-host=10.232.0.1", "p2p.pnet.server-port=3333",
					"p2p.pnet.advertise-interval=300ms", "p2p.pnet.key-size=1024");
			List<String> output;
			try {
				List<String> command = new ArrayList<>(NetworkNamespaces.prefix(pythonHost));
				command.addAll(List.of("python3", script.toString(), "10.232.0.2", "lab", "3334"));
				output = List.of(NetworkNamespaces.output(command.toArray(String[]::new)).split("\n"));
			}
			finally {
				node.close();
			}
			String advert = output.stream().filter((line) -> line.startsWith("ADVERT ")).findFirst().orElseThrow();
			PnetAdvert read = PnetAdvert.fromLine(PnetLine.parse(advert.substring("ADVERT ".length())), "lab",
					new PnetNetworkLayer(null, new SecureRandom()));
			assertThat(read.name()).isEqualTo("alpha");
			assertThat(read.host()).isEqualTo("10.232.0.1");
			assertThat(read.port()).isEqualTo(3333);
			assertThat(output).filteredOn((line) -> line.startsWith("PONG "))
				.containsExactly("PONG PONG|ponger=10.232.0.1:5003" + "|".repeat(128 - "PONG|ponger=10.232.0.1:5003".length()));
			assertThat(output).contains("DONE");
		}
		finally {
			Files.deleteIfExists(script);
		}
	}

}
