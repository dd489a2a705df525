package dev.p2p.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

import dev.p2p.compat.peerpy.PeerpyDataType;
import dev.p2p.compat.peerpy.PeerpySession;
import dev.p2p.core.PacketOperations;
import dev.p2p.event.PeerConnectedEvent;
import dev.p2p.event.PeerDisconnectedEvent;
import dev.p2p.listener.PacketListener;
import dev.p2p.node.PeerNode;
import dev.p2p.packet.Packet;
import dev.p2p.packet.PacketReply;
import dev.p2p.peer.Direction;
import dev.p2p.peer.PeerSession;

/**
 * Greets every peer that connects with a chat line and logs the lines it receives. peerpy peers
 * ({@code p2p.peerpy.packet-type=CHAT}) get every value they send back on the same connection,
 * and the peerpy peers this node dials are greeted with a json value.
 */
@Component
public class ChatListener {

	private static final Log logger = LogFactory.getLog(ChatListener.class);

	private final PacketOperations<PacketType> packets;

	private final PeerNode node;

	private final JsonMapper mapper;

	ChatListener(PacketOperations<PacketType> packets, PeerNode node, JsonMapper mapper) {
		this.packets = packets;
		this.node = node;
		this.mapper = mapper;
	}

	@EventListener
	void onConnected(PeerConnectedEvent event) {
		PeerSession session = event.getSession();
		if (session.getIdentity() != null) {
			this.packets.send(session, PacketType.CHAT,
					new ChatMessage(this.node.getNodeId(), "hi " + event.getNodeId() + ", I am " + this.node.getNodeId()));
		}
		else if (session instanceof PeerpySession && session.getDirection() == Direction.OUTBOUND) {
			this.packets.send(session, PacketType.CHAT, "hi " + event.getNodeId() + ", I am " + this.node.getNodeId());
		}
	}

	@EventListener
	void onDisconnected(PeerDisconnectedEvent event) {
		logger.info("Lost peer " + event.getNodeId() + " (" + event.getReason().tag() + ")");
	}

	@PacketListener("CHAT")
	PacketReply onChat(Packet packet, PeerSession from) {
		if (from instanceof PeerpySession peerpy) {
			return echo(packet, peerpy);
		}
		ChatMessage message = this.mapper.readValue(packet.payload(), ChatMessage.class);
		logger.info("[chat] " + message.from() + ": " + message.text());
		return null;
	}

	/** A peerpy peer gets its value back: json through the CHAT codec, bytes as they came. */
	private PacketReply echo(Packet packet, PeerpySession peerpy) {
		if (peerpy.getDataType() == PeerpyDataType.BYTES) {
			logger.info("[peerpy] " + peerpy.getNodeId() + " sent " + packet.payload().length + " bytes; echoing them");
			peerpy.sendData(packet.payload());
			return null;
		}
		logger.info("[peerpy] " + peerpy.getNodeId() + " sent " + new String(packet.payload(),
				java.nio.charset.StandardCharsets.UTF_8) + "; echoing it");
		return PacketReply.of(PacketType.CHAT, this.mapper.readTree(packet.payload()));
	}

}
