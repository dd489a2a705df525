package dev.p2p.session;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The threads of one running node: connection readers (and accept loops), writers, listeners,
 * a timer, and a non-daemon thread that keeps the JVM alive while the node runs.
 */
public final class NodeThreads {

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
	public NodeThreads(String name, PeerNodeSettings settings, @Nullable Executor listener) {
		boolean virtual = settings.isVirtualThreads();
		this.io = connectionThreads("p2p-io-", virtual);
		this.writer = connectionThreads("p2p-writer-", virtual);
		this.stream = connectionThreads("p2p-stream-", virtual);
		this.ownsListener = listener == null;
		this.listener = (listener != null) ? listener
				: Executors.newFixedThreadPool(settings.getListenerThreads(), threads("p2p-listener-", virtual));
		this.timers = new ScheduledThreadPoolExecutor(1, threads("p2p-timer-", virtual));
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
	public void shutdown() {
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
	 * How long an idle per-connection thread is kept for reuse. Short: after a burst of
	 * connections (or an attack) has ended, thousands of idle threads with their stacks and
	 * per-thread buffer caches would otherwise stay for a minute (a cached pool's default).
	 */
	static final long IDLE_THREAD_KEEP_ALIVE_MILLIS = 2_000;

	/**
	 * Threads for per-connection work: each connection has a blocking reader, so with many
	 * peers thread creation dominates accepting (about 500 us per platform thread on a small
	 * VM). Virtual threads, when enabled and the runtime has them, make that nearly free.
	 * Unbounded like a cached pool (a reader must never wait in a queue: the limits on
	 * connections bound them), but idle threads end after {@link #IDLE_THREAD_KEEP_ALIVE_MILLIS}.
	 */
	private static ExecutorService connectionThreads(String prefix, boolean virtual) {
		return new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_THREAD_KEEP_ALIVE_MILLIS, TimeUnit.MILLISECONDS,
				new SynchronousQueue<>(), threads(prefix, virtual));
	}

	/**
	 * Spring's thread factories: virtual threads (Spring's {@link VirtualThreadTaskExecutor})
	 * when enabled and the runtime has them, else named daemon platform threads. Also used for
	 * the threads of the node's companions (discovery), so that they follow the same setting.
	 * @param prefix the threads' name prefix
	 * @param virtual whether virtual threads are wanted ({@code spring.threads.virtual.enabled})
	 * @return the factory
	 */
	public static ThreadFactory threads(String prefix, boolean virtual) {
		if (virtual) {
			try {
				return new VirtualThreadTaskExecutor(prefix).getVirtualThreadFactory();
			}
			catch (UnsupportedOperationException | LinkageError ex) {
				logger.warn("Virtual threads requested but not available on Java "
						+ System.getProperty("java.specification.version") + "; using platform threads");
			}
		}
		CustomizableThreadFactory factory = new CustomizableThreadFactory(prefix);
		factory.setDaemon(true);
		return factory;
	}

	/**
	 * The connection threads: accept loops and one blocking reader per connection (dials run
	 * here too).
	 * @return the executor
	 */
	public ExecutorService io() {
		return this.io;
	}

	/**
	 * The node's timer.
	 * @return the scheduler
	 */
	public ScheduledExecutorService timers() {
		return this.timers;
	}

}
