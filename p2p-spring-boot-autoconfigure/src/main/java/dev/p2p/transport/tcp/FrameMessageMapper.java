package dev.p2p.transport.tcp;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpMessageMapper;
import org.springframework.messaging.Message;

import dev.p2p.transport.InboundFrames;

/**
 * Lean replacement for the default mapper: no header map, no id, no content type. Inbound it
 * wraps the deserialized frame batch with its connection; outbound it passes the payload
 * (a list of frames) through.
 */
final class FrameMessageMapper extends TcpMessageMapper {

	@Override
	public @Nullable Message<?> toMessage(TcpConnection connection, @Nullable Map<String, Object> headers) {
		InboundFrames frames = (InboundFrames) connection.getPayload();
		return new FrameMessage((TcpPeerConnection) connection, frames);
	}

	@Override
	public Object fromMessage(Message<?> message) {
		return message.getPayload();
	}

}
