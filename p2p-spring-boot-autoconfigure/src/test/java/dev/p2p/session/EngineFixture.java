package dev.p2p.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.p2p.handshake.HandshakeMode;
import dev.p2p.handshake.HandshakePolicy;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.observation.PacketObservations;
import dev.p2p.packet.PacketTypeRegistry;
import dev.p2p.peer.PeerIdentity;
import dev.p2p.peer.PeerSession;
import dev.p2p.transport.InboundFrames;
import dev.p2p.wire.Frame;

/**
 * A running session engine without a transport: connections are {@link MemoryConnection}s,
 * handshake mode {@code none}, and the packet handler records what it is given.
 */
final class EngineFixture implements AutoCloseable {

	enum Type {

		FIRST, SECOND, THIRD

	}

	record Delivery(PeerSession session, InboundPacket packet, PacketResponder responder) {
	}

	final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

	final NodeContext context;

	private final NodeThreads threads;

	final PacketTypeRegistry packetTypes = PacketTypeRegistry.of(Type.class);

	EngineFixture() {
		this((settings) -> {
		});
	}

	EngineFixture(Consumer<PeerNodeSettings> customizer) {
		PeerNodeSettings settings = new PeerNodeSettings();
		settings.setNodeId("local");
		settings.setHandshakeMode(HandshakeMode.NONE);
		customizer.accept(settings);
		PacketHandler handler = (session, packet, responder) -> this.deliveries
			.add(new Delivery(session, packet, responder));
		this.context = new NodeContext(settings, this.packetTypes, handler,
				new HandshakePolicy("local", "default", 0, List.of()), PeerMetrics.NONE, PacketObservations.DISABLED,
				(event) -> {
				}, this, new PeerIdentity(PeerIdentity.PROTOCOL_VERSION, "local", "instance", "default", null, 0,
						"json"),
				new NodeContext.NodeHooks() {

					@Override
					public boolean isRunning() {
						return true;
					}

					@Override
					public void sessionEnded(String nodeId) {
					}

					@Override
					public void redial(DialRequest request) {
						request.result().completeExceptionally(new IllegalStateException("no dialling in this fixture"));
					}

				});
		this.threads = new NodeThreads("test", settings, null);
		this.context.running(this.threads);
	}

	/** Open an inbound connection; in handshake mode none it is a session at once. */
	MemoryConnection open(int remotePort) {
		MemoryConnection connection = new MemoryConnection(true, remotePort);
		this.context.lifecycle().connectionOpened(connection);
		return connection;
	}

	/** Frames arrive on a connection, in one read. */
	void receive(MemoryConnection connection, Frame... frames) {
		InboundFrames batch = new InboundFrames();
		for (Frame frame : frames) {
			batch.onFrame(frame);
		}
		this.context.lifecycle().framesReceived(connection, batch);
	}

	Frame packet(Type type, String payload) {
		return new Frame(this.packetTypes.codeOf(type), payload.getBytes());
	}

	@Override
	public void close() {
		this.context.running(null);
		this.threads.shutdown();
	}

}
