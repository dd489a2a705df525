package dev.p2p.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.p2p.core.PacketOperations;
import dev.p2p.event.PeerConnectedEvent;
import dev.p2p.event.PeerDisconnectedEvent;
import dev.p2p.listener.PacketListener;
import dev.p2p.node.PeerNode;
import dev.p2p.peer.PeerSession;

/**
 * Greets every peer that connects with a chat line and logs the lines it receives.
 */
@Component
public class ChatListener {

	private static final Log logger = LogFactory.getLog(ChatListener.class);

	private final PacketOperations<PacketType> packets;

	private final PeerNode node;

	ChatListener(PacketOperations<PacketType> packets, PeerNode node) {
		this.packets = packets;
		this.node = node;
	}

	@EventListener
	void onConnected(PeerConnectedEvent event) {
		if (event.getSession().getIdentity() != null) {
			this.packets.send(event.getSession(), PacketType.CHAT,
					new ChatMessage(this.node.getNodeId(), "hi " + event.getNodeId() + ", I am " + this.node.getNodeId()));
		}
	}

	@EventListener
	void onDisconnected(PeerDisconnectedEvent event) {
		logger.info("Lost peer " + event.getNodeId() + " (" + event.getReason().tag() + ")");
	}

	@PacketListener("CHAT")
	void onChat(ChatMessage message, PeerSession from) {
		logger.info("[chat] " + message.from() + ": " + message.text());
	}

}
