package dev.p2p.core;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

import dev.p2p.peer.PeerSession;
import dev.p2p.peer.StreamResult;
import dev.p2p.stream.StreamContent;

/**
 * Streaming data of any size to peers, by node id and by {@link PeerSession}, with or without
 * an idle timeout of its own; part of {@link PacketOperations}, which is what applications inject.
 * @param <T> the packet-type enum
 */
public interface PacketStreams<T extends Enum<T>> {

	/**
	 * Stream data of any size to a peer: it travels in chunks ({@code p2p.stream.chunk-size})
	 * among the peer's other packets, no faster than the peer's listener reads it (credit-based
	 * flow control, {@code p2p.stream.window}), and the peer checks its length and SHA-256 at the
	 * end. The peer's {@code @PacketListener} for the type takes an {@code InputStream}. A stream
	 * that makes no progress for {@code p2p.stream.idle-timeout} fails.
	 * @param nodeId the peer's node id
	 * @param type the stream's packet type
	 * @param content the data: {@code StreamContent.of(inputStream | path | publisher)}, with an
	 * optional name and size
	 * @return completes once the peer has read the data and found it intact; fails with a
	 * {@link dev.p2p.peer.StreamFailedException} if the peer refused or cancelled it, the data
	 * did not match, it timed out, the source failed or the connection ended, or with a
	 * {@link dev.p2p.peer.PeerNotConnectedException}
	 */
	CompletableFuture<StreamResult> stream(String nodeId, T type, StreamContent content);

	/**
	 * Stream data to a session, as {@link #stream(String, Enum, StreamContent)}.
	 * @param peer the session
	 * @param type the stream's packet type
	 * @param content the data
	 * @return as {@link #stream(String, Enum, StreamContent)}
	 */
	CompletableFuture<StreamResult> stream(PeerSession peer, T type, StreamContent content);

	/**
	 * Stream data to a peer, failing after a time of its own without progress (in place of
	 * {@code p2p.stream.idle-timeout} on this side; the receiver keeps its own).
	 * @param nodeId the peer's node id
	 * @param type the stream's packet type
	 * @param content the data
	 * @param idleTimeout how long the stream may make no progress
	 * @return as {@link #stream(String, Enum, StreamContent)}
	 */
	CompletableFuture<StreamResult> stream(String nodeId, T type, StreamContent content, Duration idleTimeout);

	/**
	 * Stream data to a session, failing after a time of its own without progress.
	 * @param peer the session
	 * @param type the stream's packet type
	 * @param content the data
	 * @param idleTimeout how long the stream may make no progress
	 * @return as {@link #stream(String, Enum, StreamContent)}
	 */
	CompletableFuture<StreamResult> stream(PeerSession peer, T type, StreamContent content, Duration idleTimeout);

	/**
	 * Stream what an input stream holds (read to its end, then closed).
	 * @param nodeId the peer's node id
	 * @param type the stream's packet type
	 * @param data the data
	 * @return as {@link #stream(String, Enum, StreamContent)}
	 */
	default CompletableFuture<StreamResult> stream(String nodeId, T type, InputStream data) {
		return stream(nodeId, type, StreamContent.of(data));
	}

	/**
	 * Stream a file; the peer sees its name and size.
	 * @param nodeId the peer's node id
	 * @param type the stream's packet type
	 * @param file the file
	 * @return as {@link #stream(String, Enum, StreamContent)}
	 */
	default CompletableFuture<StreamResult> stream(String nodeId, T type, Path file) {
		return stream(nodeId, type, StreamContent.of(file));
	}

	/**
	 * Stream what a publisher emits, one buffer requested at a time as the peer grants credit.
	 * @param nodeId the peer's node id
	 * @param type the stream's packet type
	 * @param data the publisher
	 * @return as {@link #stream(String, Enum, StreamContent)}
	 */
	default CompletableFuture<StreamResult> stream(String nodeId, T type, Flow.Publisher<? extends ByteBuffer> data) {
		return stream(nodeId, type, StreamContent.of(data));
	}

	/**
	 * Stream what an input stream holds to a session.
	 * @param peer the session
	 * @param type the stream's packet type
	 * @param data the data
	 * @return as {@link #stream(String, Enum, StreamContent)}
	 */
	default CompletableFuture<StreamResult> stream(PeerSession peer, T type, InputStream data) {
		return stream(peer, type, StreamContent.of(data));
	}

	/**
	 * Stream a file to a session.
	 * @param peer the session
	 * @param type the stream's packet type
	 * @param file the file
	 * @return as {@link #stream(String, Enum, StreamContent)}
	 */
	default CompletableFuture<StreamResult> stream(PeerSession peer, T type, Path file) {
		return stream(peer, type, StreamContent.of(file));
	}

	/**
	 * Stream what a publisher emits to a session.
	 * @param peer the session
	 * @param type the stream's packet type
	 * @param data the publisher
	 * @return as {@link #stream(String, Enum, StreamContent)}
	 */
	default CompletableFuture<StreamResult> stream(PeerSession peer, T type, Flow.Publisher<? extends ByteBuffer> data) {
		return stream(peer, type, StreamContent.of(data));
	}

}
