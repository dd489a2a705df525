package dev.p2p.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.p2p.core.PacketOperations;
import dev.p2p.listener.PacketListener;
import dev.p2p.peer.PeerSession;
import dev.p2p.peer.StreamResult;
import dev.p2p.stream.StreamInput;
import dev.p2p.stream.StreamContent;

/**
 * File transfer between sample peers: {@code PUT /files/{peer}/{name}} streams the request body
 * to a peer, which saves it in its inbox ({@code sample.inbox}) once the whole file arrived
 * intact; the response says how many bytes went and their SHA-256.
 */
@RestController
public class FileTransfer {

	private static final Log logger = LogFactory.getLog(FileTransfer.class);

	/** Names the inbox accepts: no directories, no leading dot. */
	private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

	private final PacketOperations packets;

	private final Path inbox;

	FileTransfer(PacketOperations packets, @Value("${sample.inbox}") Path inbox) {
		this.packets = packets;
		this.inbox = inbox;
	}

	@PutMapping("/files/{peer}/{name}")
	Map<String, Object> send(@PathVariable String peer, @PathVariable String name, InputStream body) {
		StreamResult sent = this.packets.stream(peer, PacketType.FILE, StreamContent.of(body).named(name)).join();
		return Map.of("peer", peer, "name", name, "bytes", sent.bytes(), "sha256", sent.sha256());
	}

	@PacketListener("FILE")
	void receive(StreamInput data, PeerSession from) throws IOException {
		String name = data.getName();
		if (!SAFE_NAME.matcher(name).matches()) {
			// failing before the end cancels the stream: the sender's exception says why
			throw new IllegalArgumentException("refused file '" + name + "': not a plain file name");
		}
		Files.createDirectories(this.inbox);
		Path partial = Files.createTempFile(this.inbox, ".incoming-", ".part");
		try {
			// throws if the data is corrupt or the stream breaks: the partial file is then deleted
			Files.copy(data, partial, StandardCopyOption.REPLACE_EXISTING);
			Files.move(partial, this.inbox.resolve(name), StandardCopyOption.REPLACE_EXISTING);
			logger.info("[file] " + from.getNodeId() + ": " + name + ", " + data.getBytesRead() + " bytes");
		}
		finally {
			Files.deleteIfExists(partial);
		}
	}

}
