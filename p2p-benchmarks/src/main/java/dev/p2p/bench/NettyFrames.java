package dev.p2p.bench;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;

/**
 * The frame format of the Netty reference on {@link ByteBuf}s: writing a data frame, finding a
 * complete one, and the two decoders that read them (the checking receiver and the echo).
 */
final class NettyFrames {

	private NettyFrames() {
	}

	/** A data frame: header, the template payload, the sequence number over its first 8 bytes. */
	static ByteBuf frame(ByteBufAllocator allocator, byte[] template, long sequence) {
		ByteBuf frame = allocator.directBuffer(ReferenceVariant.HEADER_SIZE + template.length);
		frame.writeIntLE(ReferenceVariant.DATA_TYPE).writeIntLE(template.length).writeBytes(template);
		frame.setLongLE(ReferenceVariant.HEADER_SIZE, sequence);
		return frame;
	}

	/**
	 * Length of the complete frame starting at {@code index}, or -1 if it has not fully arrived.
	 */
	static int completeFrame(ByteBuf in, int index, int readable) {
		if (readable < ReferenceVariant.HEADER_SIZE) {
			return -1;
		}
		int length = in.getIntLE(index + 4);
		String problem = ReferenceVariant.headerProblem(in.getIntLE(index), length);
		if (problem != null) {
			throw new CorruptedFrameException(problem);
		}
		int frameLength = ReferenceVariant.HEADER_SIZE + length;
		return (readable >= frameLength) ? frameLength : -1;
	}

	/** Checks every frame in place: header, length and sequence number, payload never copied. */
	static final class FrameReceiver extends ByteToMessageDecoder {

		private final CheckedReceiver receiver;

		FrameReceiver(CheckedReceiver receiver) {
			this.receiver = receiver;
		}

		@Override
		protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
			int index = in.readerIndex();
			int readable = in.readableBytes();
			int frameLength;
			while ((frameLength = completeFrame(in, index, readable)) > 0) {
				this.receiver.checker.accept(in.getLongLE(index + ReferenceVariant.HEADER_SIZE), frameLength - ReferenceVariant.HEADER_SIZE);
				index += frameLength;
				readable -= frameLength;
			}
			in.readerIndex(index);
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
			this.receiver.error = cause;
			context.close();
		}

	}

	/** The server side of the round trip: answers every frame at once with the same bytes. */
	static final class Echo extends ByteToMessageDecoder {

		@Override
		protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
			int frameLength;
			while ((frameLength = completeFrame(in, in.readerIndex(), in.readableBytes())) > 0) {
				context.writeAndFlush(in.readRetainedSlice(frameLength), context.voidPromise());
			}
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
			context.close();
		}

	}

}
