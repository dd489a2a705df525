package dev.p2p.listener;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.p2p.event.PacketListenerFailedEvent;
import dev.p2p.event.RejectionReason;
import dev.p2p.metrics.PeerMetrics;
import dev.p2p.observation.PacketObservations;
import dev.p2p.packet.Packet;
import dev.p2p.packet.PacketCodec;
import dev.p2p.packet.PacketCodecException;
import dev.p2p.packet.PacketCodecs;
import dev.p2p.packet.PacketReply;
import dev.p2p.peer.PeerSession;
import dev.p2p.session.PacketResponder;
import dev.p2p.stream.StreamInput;

/**
 * Calls the listeners of one packet or stream: decodes the payload for each, turns return
 * values (a future's too, when it completes) into replies of the {@link ListenerAnswer}, and
 * reports what failed (a payload that does not decode, a listener that throws, a reply that
 * does not encode) without ever closing the connection. Times each call for the metrics.
 */
class ListenerInvoker {

	private static final Log logger = LogFactory.getLog(ListenerInvoker.class);

	private final PacketCodecs codecs;

	private final PeerMetrics metrics;

	private final boolean timed;

	private final PacketObservations observations;

	/** The source of the failure events: the public dispatcher rather than this helper. */
	private final Object eventSource;

	/** {@code null}: the node logs and publishes failures itself. */
	private volatile @Nullable PacketListenerErrorHandler errorHandler;

	ListenerInvoker(PacketCodecs codecs, PeerMetrics metrics, PacketObservations observations, Object eventSource) {
		this.codecs = codecs;
		this.eventSource = eventSource;
		this.metrics = PeerMetrics.guard(metrics);
		// with observation on, handling is timed by the p2p.packet.receive observation (a timer
		// once a meter handler is registered): timing listeners too would count them twice
		this.timed = metrics != PeerMetrics.NONE && !observations.isEnabled();
		this.observations = observations;
	}

	void setErrorHandler(@Nullable PacketListenerErrorHandler errorHandler) {
		this.errorHandler = errorHandler;
	}

	/**
	 * Call a packet's listeners in turn, then tell the answer they are done.
	 * @param session the sender
	 * @param packet the packet
	 * @param listeners its type's listeners, at least one
	 * @param answer collects their replies and failures
	 */
	void deliver(PeerSession session, Packet packet, ListenerMethod[] listeners, ListenerAnswer answer) {
		PacketCodec codec = this.codecs.codecOf(packet.type());
		for (ListenerMethod listener : listeners) {
			boolean timed = this.timed && this.metrics.timesListenerInvocation();
			long start = timed ? System.nanoTime() : 0;
			Outcome outcome = invoke(session, packet, codec, listener, answer);
			if (timed && outcome != Outcome.NOT_CALLED) {
				this.metrics.listenerInvoked(packet.type(), outcome == Outcome.FAILED, System.nanoTime() - start);
			}
		}
		answer.done();
	}

	/**
	 * Run a stream listener on the calling thread until it returns.
	 * @param session the sender
	 * @param stream the stream
	 * @param listener the type's stream listener
	 * @param responder reports a listener that threw
	 * @return what the listener threw (already reported), or {@code null}
	 */
	@Nullable Throwable readStream(PeerSession session, StreamInput stream, ListenerMethod listener,
			PacketResponder responder) {
		boolean timed = this.timed && this.metrics.timesListenerInvocation();
		long start = timed ? System.nanoTime() : 0;
		Throwable failure = null;
		try {
			listener.invoke(stream, session);
		}
		catch (InvocationTargetException ex) {
			failure = ex.getTargetException();
		}
		catch (IllegalAccessException | RuntimeException ex) {
			failure = ex;
		}
		if (timed) {
			this.metrics.listenerInvoked(stream.getPacketType(), failure != null, System.nanoTime() - start);
		}
		if (failure != null) {
			reportFailure(responder, session, stream.getPacketType(), listener.description(), failure);
		}
		return failure;
	}

	private Outcome invoke(PeerSession session, Packet packet, PacketCodec codec, ListenerMethod listener,
			ListenerAnswer answer) {
		Object result;
		try {
			result = listener.invoke(packet, session, codec);
		}
		catch (PacketCodecException ex) {
			String problem = "payload of " + packet.type().name() + " for " + listener.description() + ": "
					+ ex.getMessage();
			answer.responder().reject(RejectionReason.DECODE_ERROR, problem);
			answer.failed(PacketCodecException.class.getName(), problem);
			return Outcome.NOT_CALLED;
		}
		catch (InvocationTargetException ex) {
			return failed(session, packet, listener.description(), ex.getTargetException(), answer);
		}
		catch (IllegalAccessException | RuntimeException ex) {
			return failed(session, packet, listener.description(), ex, answer);
		}
		if (result instanceof CompletionStage<?> later) {
			// answered when the future completes, on whichever thread completes it
			answer.defer();
			Executor inTrace = this.observations.continuingCurrent();
			later.whenComplete((value, failure) -> inTrace.execute(() -> {
				if (failure != null) {
					Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
							? failure.getCause() : failure;
					failed(session, packet, listener.description(), cause, answer);
				}
				else {
					answerWith(session, packet, listener, value, answer);
				}
				answer.resolved();
			}));
			return Outcome.SUCCEEDED;
		}
		return answerWith(session, packet, listener, result, answer);
	}

	private Outcome answerWith(PeerSession session, Packet packet, ListenerMethod listener, @Nullable Object result,
			ListenerAnswer answer) {
		try {
			PacketReply reply = listener.replyOf(result);
			if (reply != null) {
				byte[] payload = this.codecs.codecOf(reply.type()).encode(reply.payload());
				answer.reply(reply.type(), payload);
			}
			return Outcome.SUCCEEDED;
		}
		catch (RuntimeException ex) {
			return failed(session, packet, listener.description() + " (reply)", ex, answer);
		}
	}

	private Outcome failed(PeerSession session, Packet packet, String listener, Throwable exception,
			ListenerAnswer answer) {
		reportFailure(answer.responder(), session, packet.type(), listener, exception);
		answer.failed(exception.getClass().getName(), String.valueOf(exception.getMessage()));
		return Outcome.FAILED;
	}

	private void reportFailure(PacketResponder responder, PeerSession session, Enum<?> type, String listener,
			Throwable exception) {
		PacketListenerErrorHandler handler = this.errorHandler;
		if (handler == null) {
			responder.listenerFailed(type, listener, exception);
			return;
		}
		try {
			handler.handleError(new PacketListenerFailedEvent(this.eventSource, session, type, listener, exception));
		}
		catch (RuntimeException ex) {
			logger.error("Packet listener error handler failed on the failure of " + listener, ex);
		}
	}

	/** What became of one listener invocation. */
	private enum Outcome {

		/** Returned, and its reply (if any) was queued. */
		SUCCEEDED,

		/** Threw, or its reply could not be encoded or queued. */
		FAILED,

		/** Never called: the payload did not decode into its parameter. */
		NOT_CALLED

	}

}
