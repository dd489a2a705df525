package dev.p2p.peer;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The threads of one running node: connection readers (and accept loops), writers, listeners,
 * a timer, and a non-daemon thread that keeps the JVM alive while the node runs.
 */
final class NodeThreads {

	private static final Log logger = LogFactory.getLog(NodeThreads.class);

	/** Runs accept loops and one blocking reader per connection; must not queue tasks. */
	final ExecutorService io;

	/** Runs the drain tasks of the outbound queues. */
	final ExecutorService writer;

	/** Runs stream pumps and stream listeners (one per open inbound stream). */
	final ExecutorService stream;

	/** Runs packet listeners. */
	final Executor listener;

	/** Handshake timeouts, redials, the write watchdog. */
	final ScheduledThreadPoolExecutor timers;

	private final boolean ownsListener;

	private final CountDownLatch stopped = new CountDownLatch(1);

	/**
	 * Start the threads of a node.
	 * @param name the node's id, for thread names
	 * @param settings the node's settings
	 * @param listener the user's listener executor, or {@code null} for a pool owned here
	 */
	NodeThreads(String name, PeerNodeSettings settings, @Nullable Executor listener) {
		this.io = connectionThreads("p2p-io-", settings.isVirtualThreads());
		this.writer = connectionThreads("p2p-writer-", settings.isVirtualThreads());
		this.stream = connectionThreads("p2p-stream-", settings.isVirtualThreads());
		this.ownsListener = listener == null;
		this.listener = (listener != null) ? listener
				: Executors.newFixedThreadPool(settings.getListenerThreads(), daemons("p2p-listener-"));
		this.timers = new ScheduledThreadPoolExecutor(1, daemons("p2p-timer-"));
		this.timers.setRemoveOnCancelPolicy(true);
		keepJvmAlive(name);
	}

	/**
	 * Every thread above is a daemon; a peer-only application has nothing else holding the JVM
	 * up, so one non-daemon thread waits until the node stops, as embedded web servers do.
	 */
	private void keepJvmAlive(String name) {
		Thread thread = new Thread(() -> {
			try {
				this.stopped.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "p2p-await-" + name);
		thread.setDaemon(false);
		thread.start();
	}

	/**
	 * Stop everything this owns; writers get a moment to finish.
	 */
	void shutdown() {
		if (this.ownsListener && this.listener instanceof ExecutorService pool) {
			pool.shutdown();
		}
		this.timers.shutdownNow();
		this.writer.shutdown();
		this.stream.shutdown();
		this.io.shutdown();
		try {
			this.writer.awaitTermination(1, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.stopped.countDown();
	}

	/**
	 * Threads for per-connection work: each connection has a blocking reader, so with many
	 * peers thread creation dominates accepting (about 500 us per platform thread on a small
	 * VM). Virtual threads, when enabled and the runtime has them, make that nearly free.
	 */
	private static ExecutorService connectionThreads(String prefix, boolean virtual) {
		if (virtual) {
			ExecutorService executor = VirtualThreads.executor(prefix);
			if (executor != null) {
				return executor;
			}
			logger.warn("Virtual threads requested but not available on Java "
					+ System.getProperty("java.specification.version") + "; using platform threads");
		}
		return Executors.newCachedThreadPool(daemons(prefix));
	}

	private static ThreadFactory daemons(String prefix) {
		AtomicInteger counter = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
