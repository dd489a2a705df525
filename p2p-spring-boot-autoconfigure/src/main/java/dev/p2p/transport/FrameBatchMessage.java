package dev.p2p.transport;

import java.util.List;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

import dev.p2p.wire.Frame;

/**
 * Outbound message: a batch of frames to write with one flush.
 */
final class FrameBatchMessage implements Message<List<Frame>> {

	private final List<Frame> frames;

	FrameBatchMessage(List<Frame> frames) {
		this.frames = frames;
	}

	@Override
	public List<Frame> getPayload() {
		return this.frames;
	}

	@Override
	public MessageHeaders getHeaders() {
		return FrameMessage.NO_HEADERS;
	}

}
