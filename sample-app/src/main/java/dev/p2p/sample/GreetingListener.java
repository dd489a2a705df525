package dev.p2p.sample;

import java.nio.charset.StandardCharsets;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

import dev.p2p.listener.PacketListener;
import dev.p2p.packet.PacketReply;
import dev.p2p.peer.PeerSession;

/**
 * Answers COMMAND1 with COMMAND2 "Hello back!", as the dpea-p2p example server does.
 */
@Component
public class GreetingListener {

	private static final Log logger = LogFactory.getLog(GreetingListener.class);

	@PacketListener("COMMAND1")
	PacketReply onCommand1(byte[] payload, PeerSession from) {
		logger.info("COMMAND1 from " + from.getNodeId() + ": " + new String(payload, StandardCharsets.UTF_8));
		return PacketReply.of(PacketType.COMMAND2, "Hello back!".getBytes(StandardCharsets.UTF_8));
	}

	@PacketListener("COMMAND2")
	void onCommand2(byte[] payload, PeerSession from) {
		logger.info("COMMAND2 from " + from.getNodeId() + ": " + new String(payload, StandardCharsets.UTF_8));
	}

}
