package dev.p2p.security;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.p2p.event.Limit;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionGateTests {

	private final AtomicLong clock = new AtomicLong(1_000_000_000L);

	@Test
	void totalLimitCountsOpenConnectionsUntilReleased() throws Exception {
		ConnectionGate gate = new ConnectionGate(2, 0, 0, 1, this.clock::get);
		assertThat(gate.admit(address(1))).isNull();
		assertThat(gate.admit(address(2))).isNull();
		assertThat(gate.admit(address(3)).limit()).isEqualTo(Limit.MAX_CONNECTIONS);
		gate.release(address(1));
		assertThat(gate.admit(address(3))).isNull();
		assertThat(gate.openConnections()).isEqualTo(2);
	}

	@Test
	void perAddressLimitLeavesOtherAddressesAlone() throws Exception {
		ConnectionGate gate = new ConnectionGate(0, 1, 0, 1, this.clock::get);
		assertThat(gate.admit(address(1))).isNull();
		ConnectionGate.Violation violation = gate.admit(address(1));
		assertThat(violation.limit()).isEqualTo(Limit.MAX_CONNECTIONS_PER_ADDRESS);
		assertThat(violation.detail()).contains("127.0.0.1").contains("p2p.limits.max-connections-per-address");
		assertThat(gate.admit(address(2))).isNull();
	}

	@Test
	void rateRefillsWithTime() throws Exception {
		ConnectionGate gate = new ConnectionGate(0, 0, 2, 2, this.clock::get);
		assertThat(gate.admit(address(1))).isNull();
		assertThat(gate.admit(address(1))).isNull();
		assertThat(gate.admit(address(1)).limit()).isEqualTo(Limit.CONNECTION_RATE);
		this.clock.addAndGet(500_000_000L); // half a second at 2 per second: one token
		assertThat(gate.admit(address(1))).isNull();
		assertThat(gate.admit(address(1)).limit()).isEqualTo(Limit.CONNECTION_RATE);
		assertThat(gate.admit(address(2))).isNull();
	}

	@Test
	void refusedConnectionsSpendTokensToo() throws Exception {
		ConnectionGate gate = new ConnectionGate(1, 0, 1, 2, this.clock::get);
		assertThat(gate.admit(address(1))).isNull();
		assertThat(gate.admit(address(1)).limit()).isEqualTo(Limit.MAX_CONNECTIONS);
		assertThat(gate.admit(address(1)).limit()).isEqualTo(Limit.CONNECTION_RATE);
	}

	@Test
	void sweepForgetsIdleAddresses() throws Exception {
		ConnectionGate gate = new ConnectionGate(0, 0, 10, 5, this.clock::get);
		gate.admit(address(1));
		gate.admit(address(2));
		gate.release(address(1));
		gate.release(address(2));
		this.clock.addAndGet(1_000_000_000L);
		gate.admit(address(3));
		gate.sweep();
		assertThat(gate.trackedAddresses()).isEqualTo(1);
	}

	private static InetAddress address(int last) throws Exception {
		return InetAddress.getByAddress(new byte[] { 127, 0, 0, (byte) last });
	}

}
