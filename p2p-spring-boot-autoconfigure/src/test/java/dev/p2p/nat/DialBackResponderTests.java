package dev.p2p.nat;

import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.p2p.reach.AddressKind;
import dev.p2p.reach.HolePunchFrames;
import dev.p2p.reach.HolePunchFrames.DialBack;
import dev.p2p.reach.ReachableAddress;
import dev.p2p.wire.ControlCode;
import dev.p2p.wire.FrameFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dial-back responder on loopback: it dials only the requester's own IP, sends the nonce, and
 * limits how often.
 */
class DialBackResponderTests {

	private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

	private final DialBackResponder responder = new DialBackResponder(Duration.ofMinutes(1), Duration.ofSeconds(2),
			null, Runnable::run);

	@Test
	void anAddressOfAnotherIpIsRefusedWithoutDialling() throws Exception {
		CompletableFuture<DialBack> result = new CompletableFuture<>();
		// 192.0.2.1 (TEST-NET-1) is never dialled: the request is refused before any socket opens
		this.responder.handle("asker", LOOPBACK, new DialBack(7, HolePunchFrames.REACHED,
				List.of(new ReachableAddress(InetAddress.getByName("192.0.2.1"), 4000, AddressKind.OBSERVED))),
				result::complete);
		assertThat(result.get(1, TimeUnit.SECONDS).status()).isEqualTo(HolePunchFrames.REFUSED);
	}

	@Test
	void theRequesterIsDialledAndGetsTheNonceThenIsRateLimited() throws Exception {
		try (ServerSocket listener = new ServerSocket(0, 5, LOOPBACK)) {
			CompletableFuture<long[]> probe = CompletableFuture.supplyAsync(() -> {
				try (Socket accepted = listener.accept()) {
					DataInputStream in = new DataInputStream(accepted.getInputStream());
					byte[] header = new byte[FrameFormat.HEADER_SIZE];
					in.readFully(header);
					byte[] payload = new byte[8];
					in.readFully(payload);
					return new long[] { java.nio.ByteBuffer.wrap(header).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0),
							HolePunchFrames.readProbe(payload) };
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			ReachableAddress target = new ReachableAddress(LOOPBACK, listener.getLocalPort(), AddressKind.OBSERVED);
			CompletableFuture<DialBack> result = new CompletableFuture<>();
			this.responder.handle("asker", LOOPBACK, new DialBack(42, HolePunchFrames.REACHED, List.of(target)),
					result::complete);
			assertThat(result.get(5, TimeUnit.SECONDS).status()).isEqualTo(HolePunchFrames.REACHED);
			assertThat(result.get().addresses()).containsExactly(target);
			long[] frame = probe.get(5, TimeUnit.SECONDS);
			assertThat((int) frame[0]).isEqualTo(ControlCode.DIAL_BACK_PROBE);
			assertThat(frame[1]).isEqualTo(42);
			CompletableFuture<DialBack> again = new CompletableFuture<>();
			this.responder.handle("asker", LOOPBACK, new DialBack(43, HolePunchFrames.REACHED, List.of(target)),
					again::complete);
			assertThat(again.get(1, TimeUnit.SECONDS).status()).isEqualTo(HolePunchFrames.BUSY);
		}
	}

	@Test
	void aClosedPortIsUnreachable() throws Exception {
		int closed;
		try (ServerSocket listener = new ServerSocket(0, 5, LOOPBACK)) {
			closed = listener.getLocalPort();
		}
		CompletableFuture<DialBack> result = new CompletableFuture<>();
		this.responder.handle("asker", LOOPBACK, new DialBack(9, HolePunchFrames.REACHED,
				List.of(new ReachableAddress(LOOPBACK, closed, AddressKind.OBSERVED))), result::complete);
		assertThat(result.get(5, TimeUnit.SECONDS).status()).isEqualTo(HolePunchFrames.UNREACHABLE);
	}

}
