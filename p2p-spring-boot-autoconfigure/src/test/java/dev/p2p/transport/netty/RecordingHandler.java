package dev.p2p.transport.netty;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import dev.p2p.transport.Connection;
import dev.p2p.transport.ConnectionHandler;
import dev.p2p.transport.InboundFrames;
import dev.p2p.wire.Frame;

/**
 * Records what a transport's connections receive, for the netty transport's socket tests;
 * pauses reading after a frame with a given text, if told to.
 */
final class RecordingHandler implements ConnectionHandler {

	final List<Frame> frames = new CopyOnWriteArrayList<>();

	/** The connection whose reading was paused, once it was. */
	final AtomicReference<Connection> paused = new AtomicReference<>();

	/** The connection that closed, once one did. */
	final AtomicReference<Connection> closed = new AtomicReference<>();

	/** Pause reading after the frame with this text, or never. */
	volatile String pauseOn;

	volatile int opened;

	@Override
	public void connectionOpened(Connection connection) {
		this.opened++;
	}

	@Override
	public void framesReceived(Connection connection, InboundFrames batch) {
		for (Frame frame : batch.frames()) {
			this.frames.add(frame);
			if (this.pauseOn != null && frame.payload().length < 64 && text(frame).equals(this.pauseOn)) {
				connection.pauseReading();
				this.paused.set(connection);
			}
		}
	}

	@Override
	public void connectionClosed(Connection connection) {
		this.closed.set(connection);
	}

	List<String> texts() {
		return this.frames.stream().map(RecordingHandler::text).toList();
	}

	static String text(Frame frame) {
		return new String(frame.payload(), StandardCharsets.UTF_8);
	}

}
