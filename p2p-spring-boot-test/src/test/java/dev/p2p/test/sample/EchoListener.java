package dev.p2p.test.sample;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.springframework.stereotype.Component;

import dev.p2p.listener.PacketListener;
import dev.p2p.packet.PacketReply;
import dev.p2p.peer.PeerSession;

/**
 * The test application's listeners.
 */
@Component
public class EchoListener {

	/** Sizes of the streams read, with their names. */
	public final Queue<String> files = new ConcurrentLinkedQueue<>();

	/** Texts of the pings received. */
	public final Queue<String> pings = new ConcurrentLinkedQueue<>();

	@PacketListener(value = "PING", replyType = "PONG")
	Pong onPing(Ping ping, PeerSession from) {
		this.pings.add(ping.text());
		return new Pong(ping.text(), from.getNodeId());
	}

	/** Pongs received: the answers to pings sent without waiting (broadcast). */
	public final Queue<Pong> pongs = new ConcurrentLinkedQueue<>();

	@PacketListener("PONG")
	void onPong(Pong pong) {
		this.pongs.add(pong);
	}

	@PacketListener("ECHO")
	PacketReply onEcho(String text) {
		return PacketReply.of(EchoType.ECHO_BACK, text.toUpperCase(Locale.ROOT));
	}

	@PacketListener("FILE")
	void onFile(InputStream data) throws IOException {
		this.files.add(String.valueOf(data.readAllBytes().length));
	}

}
