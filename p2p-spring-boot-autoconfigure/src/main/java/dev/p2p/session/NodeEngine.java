package dev.p2p.session;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

import dev.p2p.transport.ConnectionHandler;
import dev.p2p.wire.FrameDecoder;

/**
 * What a {@link SessionExtension} may use of a running node: the frame decoder and connection
 * handler its transport got (so that connections the extension makes, such as relay circuits,
 * become ordinary sessions), the node's threads, and frame-level sending.
 *
 * @param decoder the node's frame decoder, with its limits and accepted types
 * @param handler turns connections into sessions
 * @param io runs one reader per connection; does not queue tasks
 * @param timers the node's timer
 * @param sender sends frames on established sessions
 */
public record NodeEngine(FrameDecoder decoder, ConnectionHandler handler, Executor io, ScheduledExecutorService timers,
		SessionSender sender) {
}
