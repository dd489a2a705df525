package dev.p2p.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.rsocket.frame.ErrorFrameCodec;
import io.rsocket.frame.FrameHeaderCodec;
import io.rsocket.frame.FrameLengthCodec;
import io.rsocket.frame.FrameType;
import io.rsocket.frame.KeepAliveFrameCodec;
import io.rsocket.frame.PayloadFrameCodec;
import io.rsocket.frame.RequestResponseFrameCodec;
import io.rsocket.frame.SetupFrameCodec;
import io.rsocket.util.EmptyPayload;

/**
 * The bytes a {@code many-peers} peer exchanges with each variant's node: the frame format of the
 * starter, Netty and plain sockets (4-byte little-endian type and length; the starter after a HELLO,
 * answering heartbeat PINGs), Spring Integration's length header (4 bytes, big endian), and RSocket
 * frames (built and parsed with rsocket-core's own frame codecs after a SETUP). Every request carries
 * the sequence number in the first 8 bytes of its payload.
 */
abstract class PeerProtocol {

	/** What one complete inbound message was; a reply is an {@code Inbound} with its sequence and length. */
	record Inbound(long sequence, int length) {
	}

	/** The handshake completed. */
	static final Inbound ACCEPTED = new Inbound(-1, -1);

	/** Something else, handled or skipped. */
	static final Inbound OTHER = new Inbound(-2, -2);

	/** Control codes of the starter's protocol (docs/PROTOCOL.md). */
	private static final int HEARTBEAT_PING = 0xFFFFFF09;

	private static final int HEARTBEAT_PONG = 0xFFFFFF0A;

	static PeerProtocol of(String variant) {
		return switch (variant) {
			case "starter" -> new Frames(BenchPacketType.PING.code(), BenchPacketType.PONG.code(), true);
			case "netty", "plain" -> new Frames(ReferenceVariant.DATA_TYPE, ReferenceVariant.DATA_TYPE, false);
			case "si" -> new LengthHeader();
			case "rsocket" -> new RSocketFrames();
			default -> throw new IllegalArgumentException("unknown variant " + variant);
		};
	}

	/** What to send once connected, or {@code null}. */
	ByteBuf hello(ByteBufAllocator allocator, int peer) {
		return null;
	}

	/** Whether requests wait for the node's acceptance of {@link #hello}. */
	boolean awaitsAccept() {
		return false;
	}

	/** A request carrying {@code template} with {@code sequence} over its first 8 bytes. */
	abstract ByteBuf request(ByteBufAllocator allocator, long sequence, byte[] template);

	/**
	 * Read the next complete inbound message, answering what the protocol requires.
	 * @return what it was, or {@code null} if none is complete yet
	 * @throws RuntimeException if it is malformed or a refusal
	 */
	abstract Inbound read(ByteBuf in, ChannelHandlerContext context);

	private static ByteBuf payload(ByteBuf buffer, long sequence, byte[] template) {
		int at = buffer.writerIndex();
		return buffer.writeBytes(template).setLongLE(at, sequence);
	}

	/** Type-and-length frames; with {@code hello}, the starter's HELLO/ACCEPT first. */
	static final class Frames extends PeerProtocol {

		private final int requestType;

		private final int replyType;

		private final boolean hello;

		Frames(int requestType, int replyType, boolean hello) {
			this.requestType = requestType;
			this.replyType = replyType;
			this.hello = hello;
		}

		@Override
		ByteBuf hello(ByteBufAllocator allocator, int peer) {
			return this.hello ? Unpooled.wrappedBuffer(ConnectionClients.helloFrame("peer-" + peer)) : null;
		}

		@Override
		boolean awaitsAccept() {
			return this.hello;
		}

		@Override
		ByteBuf request(ByteBufAllocator allocator, long sequence, byte[] template) {
			ByteBuf frame = allocator.directBuffer(ReferenceVariant.HEADER_SIZE + template.length);
			frame.writeIntLE(this.requestType).writeIntLE(template.length);
			return payload(frame, sequence, template);
		}

		@Override
		Inbound read(ByteBuf in, ChannelHandlerContext context) {
			int index = in.readerIndex();
			if (in.readableBytes() < ReferenceVariant.HEADER_SIZE) {
				return null;
			}
			int type = in.getIntLE(index);
			int length = in.getIntLE(index + 4);
			if (length < 0 || length > ReferenceVariant.MAX_PAYLOAD) {
				throw new IllegalStateException("bad frame length " + Integer.toUnsignedString(length));
			}
			if (in.readableBytes() < ReferenceVariant.HEADER_SIZE + length) {
				return null;
			}
			int payload = index + ReferenceVariant.HEADER_SIZE;
			in.skipBytes(ReferenceVariant.HEADER_SIZE + length);
			if (type == this.replyType) {
				return new Inbound((length >= 8) ? in.getLongLE(payload) : -1, length);
			}
			if (this.hello && type == ConnectionClients.ACCEPT) {
				return ACCEPTED;
			}
			if (this.hello && type == ConnectionClients.DENY) {
				throw new IllegalStateException("HELLO denied: " + in.toString(payload, length,
						java.nio.charset.StandardCharsets.UTF_8));
			}
			if (this.hello && type == HEARTBEAT_PING) {
				ByteBuf pong = context.alloc().buffer(ReferenceVariant.HEADER_SIZE + length);
				pong.writeIntLE(HEARTBEAT_PONG).writeIntLE(length).writeBytes(in, payload, length);
				context.writeAndFlush(pong, context.voidPromise());
				return OTHER;
			}
			if (this.hello && type >= 0xFFFFFF00) {
				return OTHER;
			}
			throw new IllegalStateException("unexpected frame type " + Integer.toUnsignedString(type));
		}

	}

	/** Spring Integration's {@code ByteArrayLengthHeaderSerializer}: 4-byte big-endian length, payload. */
	static final class LengthHeader extends PeerProtocol {

		@Override
		ByteBuf request(ByteBufAllocator allocator, long sequence, byte[] template) {
			ByteBuf message = allocator.directBuffer(4 + template.length).writeInt(template.length);
			return payload(message, sequence, template);
		}

		@Override
		Inbound read(ByteBuf in, ChannelHandlerContext context) {
			if (in.readableBytes() < 4) {
				return null;
			}
			int length = in.getInt(in.readerIndex());
			if (length < 0 || length > ReferenceVariant.MAX_PAYLOAD) {
				throw new IllegalStateException("bad message length " + length);
			}
			if (in.readableBytes() < 4 + length) {
				return null;
			}
			long sequence = (length >= 8) ? in.getLongLE(in.readerIndex() + 4) : -1;
			in.skipBytes(4 + length);
			return new Inbound(sequence, length);
		}

	}

	/**
	 * RSocket over TCP: 3-byte frame length, then the frame. SETUP with a keep-alive far beyond the run
	 * (the peers send no KEEPALIVE of their own but answer the node's), then one REQUEST_RESPONSE per
	 * round trip on the next odd stream id; the reply is a PAYLOAD (NEXT and COMPLETE) on that stream.
	 */
	static final class RSocketFrames extends PeerProtocol {

		private static final String MIME_TYPE = "application/octet-stream";

		@Override
		ByteBuf hello(ByteBufAllocator allocator, int peer) {
			ByteBuf setup = SetupFrameCodec.encode(allocator, false, 60_000, 3_600_000, MIME_TYPE, MIME_TYPE,
					EmptyPayload.INSTANCE);
			return FrameLengthCodec.encode(allocator, setup.readableBytes(), setup);
		}

		@Override
		ByteBuf request(ByteBufAllocator allocator, long sequence, byte[] template) {
			// the frame takes over the data buffer; it is released once written
			ByteBuf data = payload(allocator.buffer(template.length), sequence, template);
			ByteBuf frame = RequestResponseFrameCodec.encode(allocator, streamId(sequence), false, null, data);
			return FrameLengthCodec.encode(allocator, frame.readableBytes(), frame);
		}

		private static int streamId(long sequence) {
			return (int) (2 * sequence + 1);
		}

		@Override
		Inbound read(ByteBuf in, ChannelHandlerContext context) {
			if (in.readableBytes() < FrameLengthCodec.FRAME_LENGTH_SIZE) {
				return null;
			}
			int length = in.getUnsignedMedium(in.readerIndex());
			if (in.readableBytes() < FrameLengthCodec.FRAME_LENGTH_SIZE + length) {
				return null;
			}
			ByteBuf frame = in.slice(in.readerIndex() + FrameLengthCodec.FRAME_LENGTH_SIZE, length);
			try {
				FrameType type = FrameHeaderCodec.frameType(frame);
				switch (type) {
					case NEXT, NEXT_COMPLETE, PAYLOAD -> {
						ByteBuf data = PayloadFrameCodec.data(frame);
						int stream = FrameHeaderCodec.streamId(frame);
						long sequence = (data.readableBytes() >= 8) ? data.getLongLE(data.readerIndex()) : -1;
						if (stream != streamId(sequence)) {
							throw new IllegalStateException("reply " + sequence + " on stream " + stream);
						}
						return new Inbound(sequence, data.readableBytes());
					}
					case KEEPALIVE -> {
						if (KeepAliveFrameCodec.respondFlag(frame)) {
							ByteBuf answer = KeepAliveFrameCodec.encode(context.alloc(), false, 0, Unpooled.EMPTY_BUFFER);
							context.writeAndFlush(FrameLengthCodec.encode(context.alloc(), answer.readableBytes(), answer),
									context.voidPromise());
						}
						return OTHER;
					}
					case ERROR -> throw new IllegalStateException("RSocket error: " + ErrorFrameCodec.dataUtf8(frame));
					default -> {
						return OTHER;
					}
				}
			}
			finally {
				in.skipBytes(FrameLengthCodec.FRAME_LENGTH_SIZE + length);
			}
		}

	}

}
