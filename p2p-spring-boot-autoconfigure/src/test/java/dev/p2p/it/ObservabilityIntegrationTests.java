package dev.p2p.it;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.StrictCurrentTraceContext;
import brave.propagation.TraceContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.p2p.event.PacketRejectedEvent;
import dev.p2p.event.RejectionReason;
import dev.p2p.listener.PacketListener;
import dev.p2p.metrics.micrometer.MicrometerPeerMetrics;
import dev.p2p.metrics.micrometer.PeerNodeMeterBinder;
import dev.p2p.peer.PeerAddress;
import dev.p2p.wire.ControlCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Metrics and tracing of real traffic between peers on loopback. The meter registry is the one
 * Boot's metrics auto-configuration provides, as in an application.
 */
class ObservabilityIntegrationTests {

	private static final Class<?>[] TRACED = { Traced.class };

	@Test
	void metersCountTheTrafficOnBothSides() {
		try (TestPeer alice = TestPeer.start("alice"); TestPeer bob = TestPeer.start("bob")) {
			// dialled once, not a static peer: no redial after the disconnect below
			bob.node.connect(PeerAddress.parse(alice.address())).join();
			for (int i = 0; i < 10; i++) {
				bob.packets.send("alice", TestPacketType.TEXT, "hello " + i);
			}
			for (int i = 0; i < 3; i++) {
				bob.packets.send("alice", TestPacketType.MOVE, new TestPeerApplication.Move("x", i));
			}
			bob.packets.send("alice", TestPacketType.BOOM, "bang");
			bob.packets.send("alice", TestPacketType.UNHANDLED, "nobody");
			MeterRegistry a = registry(alice);
			MeterRegistry b = registry(bob);
			await().until(() -> bob.recorder.acks.size() == 3 && count(a, "p2p.packets.rejected", "reason", "no-listener") == 1
					&& timer(a, "BOOM", "error") == 1);
			assertThat(count(b, MicrometerPeerMetrics.PACKETS_SENT, "type", "TEXT")).isEqualTo(10);
			assertThat(count(a, MicrometerPeerMetrics.PACKETS_RECEIVED, "type", "TEXT")).isEqualTo(10);
			assertThat(count(a, MicrometerPeerMetrics.PACKETS_RECEIVED, "type", "MOVE")).isEqualTo(3);
			assertThat(count(a, MicrometerPeerMetrics.PACKETS_SENT, "type", "ACK")).isEqualTo(3);
			assertThat(count(b, MicrometerPeerMetrics.PACKETS_RECEIVED, "type", "ACK")).isEqualTo(3);
			assertThat(timer(a, "TEXT", "success")).isEqualTo(10);
			assertThat(timer(a, "MOVE", "success")).isEqualTo(3);
			assertThat(timer(b, "ACK", "success")).isEqualTo(3);
			assertThat(count(a, MicrometerPeerMetrics.HANDSHAKES, "outcome", "success")).isEqualTo(1);
			assertThat(count(b, MicrometerPeerMetrics.HANDSHAKES, "outcome", "success")).isEqualTo(1);
			assertThat(a.get(PeerNodeMeterBinder.CONNECTIONS_ACTIVE).gauge().value()).isEqualTo(1);
			assertThat(a.get(PeerNodeMeterBinder.SEND_QUEUE).gauge().value()).isZero();
			// every byte bob wrote (HELLO included) is a byte alice read, and the other way round
			await().until(() -> a.get(MicrometerPeerMetrics.BYTES_RECEIVED).counter().count() == b
				.get(MicrometerPeerMetrics.BYTES_SENT)
				.counter()
				.count()
					&& b.get(MicrometerPeerMetrics.BYTES_RECEIVED).counter().count() == a
						.get(MicrometerPeerMetrics.BYTES_SENT)
						.counter()
						.count());
			assertThat(bob.session("alice").getPacketsOut()).isEqualTo(15);
			assertThat(alice.session("bob").getPacketsIn()).isEqualTo(15);
			bob.node.disconnect("alice");
			await().until(() -> a.get(PeerNodeMeterBinder.CONNECTIONS_ACTIVE).gauge().value() == 0);
		}
	}

	@Test
	void peerTagIsOptInAndDroppedWhenThePeerLeaves() {
		try (TestPeer alice = TestPeer.start("alice", "p2p.metrics.peer-tag=true"); TestPeer bob = TestPeer.start("bob")) {
			bob.node.connect(PeerAddress.parse(alice.address())).join();
			bob.packets.send("alice", TestPacketType.TEXT, "tagged");
			MeterRegistry a = registry(alice);
			await().until(() -> a.find(MicrometerPeerMetrics.PACKETS_RECEIVED).tags("peer", "bob", "type", "TEXT")
				.counter() != null);
			assertThat(registry(bob).find(MicrometerPeerMetrics.PACKETS_SENT).tagKeys("peer").counters()).isEmpty();
			bob.node.disconnect("alice");
			await().until(() -> a.find(MicrometerPeerMetrics.BYTES_RECEIVED).tag("peer", "bob").meters().isEmpty());
		}
	}

	@Test
	void oneTraceFollowsAPacketIntoTheListenerAndItsReply() {
		try (TestPeer alice = TestPeer.start("alice", TRACED, "p2p.observation.enabled=true");
				TestPeer bob = TestPeer.start("bob", TRACED, "p2p.observation.enabled=true",
						"p2p.peers=" + alice.address())) {
			await().until(() -> bob.isConnectedTo("alice"));
			bob.packets.send("alice", TestPacketType.MOVE, new TestPeerApplication.Move("y", 7));
			TraceRecorder aliceTraces = alice.context.getBean(TraceRecorder.class);
			TraceRecorder bobTraces = bob.context.getBean(TraceRecorder.class);
			await().until(() -> !bobTraces.ackTraceIds.isEmpty() && span(bobTraces, "receive ACK") != null);
			MutableSpan send = span(bobTraces, "send MOVE");
			MutableSpan receive = span(aliceTraces, "receive MOVE");
			assertThat(send).isNotNull();
			assertThat(receive).isNotNull();
			assertThat(receive.traceId()).isEqualTo(send.traceId());
			assertThat(receive.parentId()).isEqualTo(send.id());
			assertThat(aliceTraces.moveTraceIds).containsExactly(send.traceId());
			// the reply is sent inside the listener's span, so it continues the same trace
			assertThat(span(aliceTraces, "send ACK").traceId()).isEqualTo(send.traceId());
			assertThat(span(bobTraces, "receive ACK").traceId()).isEqualTo(send.traceId());
			assertThat(bobTraces.ackTraceIds).containsExactly(send.traceId());
		}
	}

	@Test
	void replyOfAFutureContinuesTheTraceOfItsRequest() {
		try (TestPeer alice = TestPeer.start("alice", TRACED, "p2p.observation.enabled=true");
				TestPeer bob = TestPeer.start("bob", TRACED, "p2p.observation.enabled=true",
						"p2p.peers=" + alice.address())) {
			await().until(() -> bob.isConnectedTo("alice"));
			bob.packets.send("alice", TestPacketType.DELAY, "20");
			TraceRecorder aliceTraces = alice.context.getBean(TraceRecorder.class);
			TraceRecorder bobTraces = bob.context.getBean(TraceRecorder.class);
			await().until(() -> span(aliceTraces, "send TEXT") != null);
			MutableSpan request = span(bobTraces, "send DELAY");
			assertThat(request).isNotNull();
			// completed later on a timer thread, the reply is still sent in the receiving span's trace
			assertThat(span(aliceTraces, "send TEXT").traceId()).isEqualTo(request.traceId());
			assertThat(span(aliceTraces, "send TEXT").parentId()).isEqualTo(span(aliceTraces, "receive DELAY").id());
		}
	}

	@Test
	void withoutObservationNoTraceTravels() {
		try (TestPeer alice = TestPeer.start("alice", TRACED, "p2p.observation.enabled=true");
				TestPeer bob = TestPeer.start("bob", TRACED, "p2p.peers=" + alice.address())) {
			await().until(() -> bob.isConnectedTo("alice"));
			bob.packets.send("alice", TestPacketType.MOVE, new TestPeerApplication.Move("z", 1));
			TraceRecorder aliceTraces = alice.context.getBean(TraceRecorder.class);
			TraceRecorder bobTraces = bob.context.getBean(TraceRecorder.class);
			await().until(() -> aliceTraces.moveTraceIds.size() == 1 && bob.recorder.acks.size() == 1);
			assertThat(bobTraces.spans).isEmpty();
			// alice still observes her side: a new trace, not bob's
			MutableSpan receive = span(aliceTraces, "receive MOVE");
			assertThat(receive).isNotNull();
			assertThat(receive.parentId()).isNull();
		}
	}

	@Test
	void malformedTraceContextIsReportedAndThePacketStillDelivered() throws Exception {
		try (TestPeer alice = TestPeer.start("alice", TRACED, "p2p.observation.enabled=true");
				RawPeer raw = new RawPeer(alice.port())) {
			raw.hello("raw", "raw-1", "default");
			assertThat(raw.receive().type()).isEqualTo(ControlCode.ACCEPT);
			raw.send(ControlCode.TRACE, "{not json".getBytes(StandardCharsets.UTF_8));
			raw.send(TestPacketType.TEXT.code(), "after".getBytes(StandardCharsets.UTF_8));
			await().until(() -> alice.recorder.texts.contains("after|5"));
			List<PacketRejectedEvent> rejected = alice.recorder.events(PacketRejectedEvent.class);
			assertThat(rejected).singleElement().satisfies((event) -> {
				assertThat(event.getReason()).isEqualTo(RejectionReason.DECODE_ERROR);
				assertThat(event.getDetail()).contains("trace context is not JSON");
			});
		}
	}

	@Test
	void traceWhosePacketWasSkippedDoesNotParentTheNextPacket() throws Exception {
		try (TestPeer alice = TestPeer.start("alice", TRACED, "p2p.observation.enabled=true");
				RawPeer raw = new RawPeer(alice.port())) {
			raw.hello("raw", "raw-1", "default");
			assertThat(raw.receive().type()).isEqualTo(ControlCode.ACCEPT);
			String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
			raw.send(ControlCode.TRACE, ("{\"b3\":\"" + traceId + "-00f067aa0ba902b7-1\"}")
				.getBytes(StandardCharsets.UTF_8));
			raw.send(999, "unknown here".getBytes(StandardCharsets.UTF_8));
			raw.send(TestPacketType.MOVE.code(), "{\"axis\":\"x\",\"steps\":1}".getBytes(StandardCharsets.UTF_8));
			TraceRecorder recorder = alice.context.getBean(TraceRecorder.class);
			await().until(() -> !recorder.moveTraceIds.isEmpty());
			assertThat(recorder.moveTraceIds).singleElement().isNotEqualTo(traceId);
			assertThat(alice.recorder.events(PacketRejectedEvent.class)).singleElement()
				.satisfies((event) -> assertThat(event.getReason()).isEqualTo(RejectionReason.UNKNOWN_TYPE));
		}
	}

	@Test
	void listenerTimingIntervalTimesOneInvocationInThatMany() {
		try (TestPeer alice = TestPeer.start("alice", "p2p.metrics.listener-timing-interval=4");
				TestPeer bob = TestPeer.start("bob", "p2p.peers=" + alice.address())) {
			await().until(() -> bob.isConnectedTo("alice"));
			for (int i = 0; i < 20; i++) {
				bob.packets.send("alice", TestPacketType.TEXT, "hello " + i);
			}
			MeterRegistry a = registry(alice);
			await().until(() -> count(a, MicrometerPeerMetrics.PACKETS_RECEIVED, "type", "TEXT") == 20
					&& alice.recorder.texts.size() == 20);
			// every packet reaches its listener, one invocation in four is timed
			assertThat(timer(a, "TEXT", "success")).isEqualTo(5);
			assertThat(a.get(MicrometerPeerMetrics.LISTENER_DURATION).tags("type", "TEXT", "outcome", "success")
				.timer()
				.totalTime(TimeUnit.NANOSECONDS)).isPositive();
		}
	}

	private static MeterRegistry registry(TestPeer peer) {
		return peer.context.getBean(MeterRegistry.class);
	}

	private static double count(MeterRegistry registry, String name, String tag, String value) {
		RequiredSearch search = registry.get(name).tag(tag, value);
		return search.counter().count();
	}

	private static long timer(MeterRegistry registry, String type, String outcome) {
		return registry.get(MicrometerPeerMetrics.LISTENER_DURATION).tags("type", type, "outcome", outcome).timer().count();
	}

	private static MutableSpan span(TraceRecorder recorder, String name) {
		return recorder.spans.stream().filter((span) -> name.equals(span.name())).findFirst().orElse(null);
	}

	/** A Brave tracer behind the observation registry, recording finished spans. */
	@Configuration(proxyBeanMethods = false)
	static class Traced {

		@Bean
		TraceRecorder traceRecorder() {
			return new TraceRecorder();
		}

		@Bean(destroyMethod = "close")
		Tracing braveTracing(TraceRecorder recorder) {
			return Tracing.newBuilder()
				.currentTraceContext(StrictCurrentTraceContext.create())
				.addSpanHandler(new SpanHandler() {
					@Override
					public boolean end(TraceContext context, MutableSpan span, Cause cause) {
						recorder.spans.add(span);
						return true;
					}
				})
				.build();
		}

		@Bean
		Tracer tracer(Tracing tracing) {
			return new BraveTracer(tracing.tracer(), new BraveCurrentTraceContext(tracing.currentTraceContext()),
					new BraveBaggageManager());
		}

		@Bean
		ObservationRegistry observationRegistry(Tracing tracing, Tracer tracer) {
			BravePropagator propagator = new BravePropagator(tracing);
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig()
				.observationHandler(new FirstMatchingCompositeObservationHandler(
						new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
						new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
						new DefaultTracingObservationHandler(tracer)));
			return registry;
		}

		@Bean
		TraceListener traceListener(Tracer tracer, TraceRecorder recorder) {
			return new TraceListener(tracer, recorder);
		}

	}

	static class TraceRecorder {

		final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

		final Queue<String> moveTraceIds = new ConcurrentLinkedQueue<>();

		final Queue<String> ackTraceIds = new ConcurrentLinkedQueue<>();

	}

	/** Records the trace each listener runs in. */
	static class TraceListener {

		private final Tracer tracer;

		private final TraceRecorder recorder;

		TraceListener(Tracer tracer, TraceRecorder recorder) {
			this.tracer = tracer;
			this.recorder = recorder;
		}

		@PacketListener("MOVE")
		void onMove(TestPeerApplication.Move move) {
			this.recorder.moveTraceIds.add(currentTraceId());
		}

		@PacketListener("ACK")
		void onAck(TestPeerApplication.Ack ack) {
			this.recorder.ackTraceIds.add(currentTraceId());
		}

		private String currentTraceId() {
			Span span = this.tracer.currentSpan();
			return (span != null) ? span.context().traceId() : "none";
		}

	}

}
