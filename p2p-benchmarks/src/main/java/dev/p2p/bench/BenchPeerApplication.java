package dev.p2p.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

import dev.p2p.listener.PacketListener;
import dev.p2p.packet.PacketReply;

/**
 * The Boot application each starter peer of the benchmark runs: a checking receiver, an
 * echoing responder and a reply counter, all ordinary {@code @PacketListener}s. They are short
 * and never block, so they are declared {@code inline}: they run on the connection's reader
 * thread, as a user would declare such handlers.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class BenchPeerApplication {

	@Bean
	BenchListeners benchListeners() {
		return new BenchListeners();
	}

	/**
	 * With {@code --metrics}: a meter registry, so the node records its {@code p2p.*} meters,
	 * to measure what counting costs.
	 */
	@Bean
	@ConditionalOnBooleanProperty("bench.metrics")
	SimpleMeterRegistry meterRegistry() {
		return new SimpleMeterRegistry();
	}

	/** The listeners. */
	public static class BenchListeners {

		volatile SequenceChecker checker;

		final AtomicLong replies = new AtomicLong();

		volatile Thread replyWaiter;

		@PacketListener(value = "DATA", inline = true)
		void onData(byte[] payload) {
			this.checker.accept(payload, 0, payload.length);
		}

		@PacketListener(value = "PING", inline = true)
		PacketReply onPing(byte[] payload) {
			return PacketReply.of(BenchPacketType.PONG, payload);
		}

		@PacketListener(value = "PONG", inline = true)
		void onPong(byte[] payload) {
			this.replies.incrementAndGet();
			Thread waiter = this.replyWaiter;
			if (waiter != null) {
				LockSupport.unpark(waiter);
			}
		}

	}

}
