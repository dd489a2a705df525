package dev.p2p.transport.netty;

import javax.net.ssl.SSLException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;

/**
 * In front of the accepting side's {@link SslHandler}: a first record that is no TLS handshake
 * (a plaintext HELLO) is answered with a TLS alert, as the JDK's TLS sockets do, so that the
 * plaintext dialer recognizes a TLS node (its reader sees the alert), and the connection closes
 * with a cause that says the peer speaks plaintext. Removes itself after the first bytes.
 */
final class PlaintextSniffer extends ChannelInboundHandlerAdapter {

	private static final int HANDSHAKE = 0x16;

	/** A fatal {@code unexpected_message} alert, TLS 1.2 record version. */
	private static final byte[] UNEXPECTED_MESSAGE_ALERT = { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x0A };

	private final NettyConnection connection;

	PlaintextSniffer(NettyConnection connection) {
		this.connection = connection;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		ByteBuf in = (ByteBuf) msg;
		if (in.isReadable() && in.getUnsignedByte(in.readerIndex()) != HANDSHAKE) {
			in.release();
			this.connection.recordCause(
					new SSLException("Unsupported or unrecognized SSL message: the peer speaks plaintext"));
			ctx.writeAndFlush(Unpooled.wrappedBuffer(UNEXPECTED_MESSAGE_ALERT)).addListener(ChannelFutureListener.CLOSE);
			ctx.pipeline().remove(this);
			return;
		}
		ctx.pipeline().remove(this);
		ctx.fireChannelRead(msg);
	}

}
