package dev.p2p.transport.tcp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import dev.p2p.transport.TlsMismatchException;
import dev.p2p.wire.FrameFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The first bytes of a plaintext connection: a TLS record fails it, anything else passes
 * through unchanged.
 */
class TlsRecordSnifferTests {

	@Test
	void aClientHelloIsReportedAsTls() {
		// TLS 1.0 record header of a ClientHello, as JDK and OpenSSL clients send it
		InputStream in = sniffer("160301020001");
		assertThatExceptionOfType(TlsMismatchException.class).isThrownBy(in::read)
			.withMessageContaining("ClientHello");
	}

	@Test
	void aTlsAlertIsReportedAsTls() {
		// fatal unexpected_message, what a TLS 1.3 server answers to a plaintext HELLO
		InputStream in = sniffer("1503030002020a");
		assertThatExceptionOfType(TlsMismatchException.class).isThrownBy(() -> in.read(new byte[8], 0, 8))
			.withMessageContaining("alert");
	}

	@Test
	void aHelloFramePassesThroughUnchanged() throws IOException {
		byte[] frame = new byte[FrameFormat.HEADER_SIZE + 3];
		FrameFormat.writeHeader(frame, 0, 0xFFFFFF01, 3);
		frame[8] = 'a';
		frame[9] = 'b';
		frame[10] = 'c';
		InputStream in = new TlsRecordSniffer(new ByteArrayInputStream(frame));
		byte[] read = new byte[frame.length];
		// a byte, then pieces smaller and larger than the three bytes looked at
		read[0] = (byte) in.read();
		assertThat(in.available()).isEqualTo(2);
		int n = in.read(read, 1, 1);
		n += in.read(read, 2, 100);
		n += in.readNBytes(read, 3, frame.length - 3);
		assertThat(n).isEqualTo(frame.length - 1);
		assertThat(read).isEqualTo(frame);
		assertThat(in.read()).isEqualTo(-1);
	}

	@Test
	void aStreamShorterThanARecordHeaderPassesThrough() throws IOException {
		InputStream in = sniffer("1603");
		assertThat(in.readAllBytes()).containsExactly(0x16, 0x03);
	}

	@Test
	void onlyVersionsThreeZeroToThreeFourCount() throws IOException {
		assertThat(sniffer("160305").readAllBytes()).hasSize(3);
		assertThat(sniffer("170303").readAllBytes()).hasSize(3);
	}

	private static InputStream sniffer(String hex) {
		return new TlsRecordSniffer(new ByteArrayInputStream(HexFormat.of().parseHex(hex)));
	}

}
