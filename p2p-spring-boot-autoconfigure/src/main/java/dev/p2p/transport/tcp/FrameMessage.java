package dev.p2p.transport.tcp;


import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

import dev.p2p.transport.InboundFrames;

/**
 * The message a read hands to the listener: the frames and the connection they came from,
 * without the header map, id and timestamp a {@code GenericMessage} would allocate.
 */
final class FrameMessage implements Message<InboundFrames> {

	static final MessageHeaders NO_HEADERS = new EmptyHeaders();

	private final TcpPeerConnection connection;

	private final InboundFrames frames;

	FrameMessage(TcpPeerConnection connection, InboundFrames frames) {
		this.connection = connection;
		this.frames = frames;
	}

	TcpPeerConnection connection() {
		return this.connection;
	}

	@Override
	public InboundFrames getPayload() {
		return this.frames;
	}

	@Override
	public MessageHeaders getHeaders() {
		return NO_HEADERS;
	}

	private static final class EmptyHeaders extends MessageHeaders {

		private static final long serialVersionUID = 1L;

		EmptyHeaders() {
			super(null, ID_VALUE_NONE, -1L);
		}

	}


}
