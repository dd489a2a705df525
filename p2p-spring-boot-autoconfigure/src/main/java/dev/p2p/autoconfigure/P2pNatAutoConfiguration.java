package dev.p2p.autoconfigure;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import dev.p2p.event.AddressObservedEvent;
import dev.p2p.event.PeerServerStartedEvent;
import dev.p2p.event.ReachabilityChangedEvent;
import dev.p2p.nat.DialBackResponder;
import dev.p2p.nat.DialBacks;
import dev.p2p.nat.HolePuncher;
import dev.p2p.nat.ObservedAddresses;
import dev.p2p.node.PeerNode;
import dev.p2p.peer.Reachability;
import dev.p2p.reach.HolePunchFrames;
import dev.p2p.reach.ReachableAddress;
import dev.p2p.session.PeerNodeSettings;

/**
 * NAT traversal ({@code p2p.nat.*}): port reuse on the node's transport, the addresses peers
 * observe for this node, dial-backs that confirm them and tell the node's reachability, and
 * hole punching of relayed sessions (with metrics {@code p2p.nat.dialbacks},
 * {@code p2p.nat.reachability}, {@code p2p.holepunch.attempts} and {@code p2p.holepunch.time}
 * when Micrometer is there).
 */
@AutoConfiguration(before = P2pAutoConfiguration.class)
@ConditionalOnClass(TcpNetServerConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "p2p.enabled", matchIfMissing = true)
@EnableConfigurationProperties(P2pNatProperties.class)
public final class P2pNatAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "p2pNatPeerNodeCustomizer")
	PeerNodeCustomizer p2pNatPeerNodeCustomizer(P2pNatProperties nat) {
		return (settings) -> settings.setTransport(settings.getTransport().withPortReuse(nat.isPortReuse()));
	}

	@Bean
	@ConditionalOnMissingBean
	ObservedAddresses p2pObservedAddresses(ApplicationEventPublisher publisher, ObjectProvider<PeerNode> node) {
		ObservedAddresses[] self = new ObservedAddresses[1];
		self[0] = new ObservedAddresses((previous, current) -> {
			List<String> confirmed = self[0].confirmedAddresses().stream().map(ReachableAddress::toString).toList();
			PeerNode peerNode = node.getIfAvailable();
			Object source = (peerNode != null) ? peerNode : self[0];
			publisher.publishEvent(new ReachabilityChangedEvent(source, previous, current, confirmed));
		});
		return self[0];
	}

	@Bean
	@ConditionalOnMissingBean
	DialBacks p2pDialBacks(P2pNatProperties nat, ObservedAddresses observed, ObjectProvider<PeerNodeSettings> settings) {
		DialBackResponder responder = null;
		if (nat.isDialBack()) {
			PeerNodeSettings node = settings.getIfAvailable(PeerNodeSettings::new);
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("p2p-dialback-");
			executor.setConcurrencyLimit(4);
			responder = new DialBackResponder(P2pPropertyChecks.positive("p2p.nat.dial-back-interval").adapt(
					nat.getDialBackInterval()), P2pPropertyChecks.positive("p2p.nat.dial-back-timeout").adapt(
							nat.getDialBackTimeout()),
					(node.getTls() != null) ? node.getTls().context().current().context() : null, executor);
		}
		return new DialBacks(observed, responder, nat.isDialBack());
	}

	@Bean
	@ConditionalOnMissingBean
	HolePuncher p2pHolePuncher(P2pNatProperties nat, ObservedAddresses observed, ApplicationEventPublisher publisher) {
		if (nat.getHolePunchAttempts() < 1 || nat.getHolePunchAttempts() > HolePunchFrames.MAX_ATTEMPTS) {
			throw new InvalidP2pPropertyException("p2p.nat.hole-punch-attempts", nat.getHolePunchAttempts(),
					"p2p.nat.hole-punch-attempts must be 1 to " + HolePunchFrames.MAX_ATTEMPTS + ", was "
							+ nat.getHolePunchAttempts());
		}
		return new HolePuncher(observed, nat.getHolePunchAttempts(),
				P2pPropertyChecks.positive("p2p.nat.hole-punch-timeout").adapt(nat.getHolePunchTimeout()),
				P2pPropertyChecks.positive("p2p.nat.hole-punch-retry").adapt(nat.getHolePunchRetry()),
				P2pPropertyChecks.positive("p2p.nat.hole-punch-max-retry").adapt(nat.getHolePunchMaxRetry()),
				publisher::publishEvent);
	}

	@Bean
	@ConditionalOnMissingBean(name = "p2pNatExtensions")
	SmartInitializingSingleton p2pNatExtensions(ObjectProvider<PeerNode> node, DialBacks dialBacks,
			HolePuncher holePuncher, P2pNatProperties nat) {
		// before the node starts (SmartLifecycle), after every singleton exists
		return () -> node.ifAvailable((peerNode) -> {
			peerNode.addExtension(dialBacks);
			if (nat.isHolePunching() && nat.isPortReuse()) {
				holePuncher.attach(peerNode);
				peerNode.addExtension(holePuncher);
			}
		});
	}

	@Bean
	@ConditionalOnMissingBean(name = "p2pAddressObservedListener")
	ApplicationListener<AddressObservedEvent> p2pAddressObservedListener(DialBacks dialBacks) {
		return (event) -> dialBacks.observed(event.getSession(), event.getObserved());
	}

	@Bean
	@ConditionalOnMissingBean(name = "p2pNatServerStartedListener")
	ApplicationListener<PeerServerStartedEvent> p2pNatServerStartedListener(DialBacks dialBacks) {
		return (event) -> dialBacks.listenPort(event.getPort());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static final class NatMetrics {

		@Bean
		@ConditionalOnMissingBean(name = "p2pNatMeterBinder")
		MeterBinder p2pNatMeterBinder(DialBacks dialBacks, HolePuncher holePuncher) {
			return (registry) -> {
				for (String outcome : List.of("direct", "failed", "rejected")) {
					FunctionCounter.builder("p2p.holepunch.attempts", holePuncher, (h) -> h.count(outcome))
						.tag("outcome", outcome)
						.description("Hole-punch rounds by outcome (direct: the session moved to a direct connection)")
						.register(registry);
				}
				FunctionTimer.builder("p2p.holepunch.time", holePuncher, (h) -> h.count("direct"),
						(h) -> h.successNanos(), TimeUnit.NANOSECONDS)
					.description("Time from the first PUNCH_CONNECT to the direct session")
					.register(registry);
				for (String outcome : List.of("asked", "confirmed", "unreachable", "answered", "refused")) {
					FunctionCounter.builder("p2p.nat.dialbacks", dialBacks, (d) -> d.count(outcome))
						.tag("outcome", outcome)
						.description("Dial-backs this node asked for (and their outcomes) or answered for peers")
						.register(registry);
				}
				for (Reachability state : Reachability.values()) {
					Gauge.builder("p2p.nat.reachability", dialBacks,
							(d) -> (d.observedAddresses().reachability() == state) ? 1 : 0)
						.tag("state", state.tag())
						.description("1 for the node's current reachability, 0 for the others")
						.register(registry);
				}
			};
		}

	}

}
