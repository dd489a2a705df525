package dev.p2p.transport.netty;

import java.io.IOException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.jspecify.annotations.Nullable;

import dev.p2p.transport.ConnectionHandler;
import dev.p2p.transport.InboundFrames;
import dev.p2p.transport.TlsMismatchException;
import dev.p2p.wire.FrameDecoder;
import dev.p2p.wire.FrameDecodingException;

/**
 * The reading side of a {@link NettyConnection}, on its event loop: gathers bytes until a whole
 * frame is there, then lets the {@link FrameDecoder} read every complete frame into one
 * {@link InboundFrames} batch and hands it to the engine. A frame announcing more than the limit
 * is handed to the decoder at once, which fails it before its payload arrives. While the engine
 * has paused reading (back-pressure) nothing more is read from the socket and the frames already
 * buffered wait; a dialled connection starts paused until the engine has been told about it.
 * On a plaintext connection the first bytes are checked for a TLS record.
 */
final class FrameReader extends ChannelInboundHandlerAdapter {

	private static final int MAX_FRAMES_PER_BATCH = 1024;

	private static final long MAX_BYTES_PER_BATCH = 1 << 20;

	private final NettyConnection connection;

	private final FrameDecoder decoder;

	private final ConnectionHandler handler;

	// event loop only
	private @Nullable ByteBuf cumulation;

	/** An empty batch a read that completed no frame left for the next one. */
	private @Nullable InboundFrames unusedBatch;

	private boolean sniffTls;

	private boolean paused;

	private boolean failed;

	/** The channel closed: every complete frame buffered is handed on, paused or not. */
	private boolean draining;

	private @Nullable ChannelHandlerContext context;

	FrameReader(NettyConnection connection, FrameDecoder decoder, ConnectionHandler handler, boolean plaintext,
			boolean paused) {
		this.connection = connection;
		this.decoder = decoder;
		this.handler = handler;
		this.sniffTls = plaintext;
		this.paused = paused;
	}

	NettyConnection connection() {
		return this.connection;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.context = ctx;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		if (this.connection.isInbound()) {
			this.connection.opened();
		}
		ctx.fireChannelActive();
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		ByteBuf in = (ByteBuf) msg;
		if (this.failed) {
			in.release();
			return;
		}
		ByteBuf buffered = this.cumulation;
		this.cumulation = (buffered == null) ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), buffered, in);
		deliver();
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		this.connection.writabilityChanged();
		ctx.fireChannelWritabilityChanged();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		if (this.paused && !this.failed) {
			// the peer's last frames may wait here while reading is paused (a full listener queue,
			// a successor waiting for its predecessor): the connection is over, so they are handed
			// on now, beyond the queue's limit (they are in memory already), before the close is
			// reported; released with the buffer, they would be lost without a trace
			this.draining = true;
			deliver();
		}
		ByteBuf buffered = this.cumulation;
		this.cumulation = null;
		if (buffered != null) {
			if (buffered.isReadable() && !this.failed) {
				// the stream ended inside a frame: the decoder says how
				this.connection.recordCause(leftoverFailure(buffered));
			}
			buffered.release();
		}
		this.connection.inactive();
		ctx.fireChannelInactive();
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event instanceof SslHandshakeCompletionEvent completion && !completion.isSuccess()) {
			Throwable cause = unwrap(completion.cause());
			// a peer that closes during the TLS handshake is worded as the JDK's TLS sockets word it
			this.connection.recordCause((cause instanceof SSLException) ? cause
					: new SSLHandshakeException("Remote host terminated the handshake: " + cause.getMessage()));
		}
		ctx.fireUserEventTriggered(event);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		this.connection.close(unwrap(cause));
	}

	/** Stop handing frames on and reading from the socket (on the event loop). */
	void pause() {
		this.paused = true;
		ChannelHandlerContext ctx = this.context;
		if (ctx != null) {
			ctx.channel().config().setAutoRead(false);
		}
	}

	/** Hand on what is buffered, then read again (on the event loop). */
	void resume() {
		this.paused = false;
		deliver();
		ChannelHandlerContext ctx = this.context;
		if (!this.paused && !this.failed && ctx != null && ctx.channel().isActive()) {
			ctx.channel().config().setAutoRead(true);
		}
	}

	private void deliver() {
		ByteBuf in = this.cumulation;
		while (in != null && (!this.paused || this.draining) && !this.failed && in.isReadable()) {
			int readable = in.readableBytes();
			if (this.sniffTls) {
				if (readable < 3) {
					break;
				}
				this.sniffTls = false;
				int at = in.readerIndex();
				TlsMismatchException mismatch = TlsMismatchException.ifTlsRecord(in.getUnsignedByte(at),
						in.getUnsignedByte(at + 1), in.getUnsignedByte(at + 2));
				if (mismatch != null) {
					fail(mismatch);
					break;
				}
			}
			InboundFrames batch = (this.unusedBatch != null) ? this.unusedBatch : new InboundFrames();
			this.unusedBatch = null;
			try {
				// one view of the buffered bytes (the cumulation is one buffer, so no copy)
				int read = this.decoder.readBuffered(in.nioBuffer(in.readerIndex(), readable), batch,
						MAX_FRAMES_PER_BATCH, MAX_BYTES_PER_BATCH);
				if (read == 0) {
					// no frame complete yet (a large one arriving): the batch waits for the next read
					this.unusedBatch = batch;
					break;
				}
				in.skipBytes(read);
			}
			catch (FrameDecodingException ex) {
				if (batch.isEmpty()) {
					fail(ex);
					break;
				}
				// the good frames before the bad one are handed on; the engine then closes
				batch.fail(ex);
				this.failed = true;
			}
			try {
				this.handler.framesReceived(this.connection, batch);
			}
			catch (RuntimeException ex) {
				fail(ex);
			}
		}
		if (in != null && this.cumulation == in) {
			if (!in.isReadable()) {
				in.release();
				this.cumulation = null;
			}
			else {
				in.discardSomeReadBytes();
			}
		}
	}

	private void fail(Throwable cause) {
		this.failed = true;
		this.connection.close(cause);
	}

	private Throwable leftoverFailure(ByteBuf buffered) {
		try {
			this.decoder.readFrame(new ByteBufInputStream(buffered), new InboundFrames());
			return new FrameDecodingException("truncated", "the stream ended inside a frame");
		}
		catch (IOException ex) {
			return ex;
		}
	}

	private static Throwable unwrap(Throwable cause) {
		Throwable actual = (cause instanceof DecoderException && cause.getCause() != null) ? cause.getCause() : cause;
		if (actual instanceof NotSslRecordException) {
			// worded like the JDK's, so the handshake failure is reported as a TLS mismatch
			return new SSLException("Unsupported or unrecognized SSL message: the peer speaks plaintext", actual);
		}
		return actual;
	}

}
