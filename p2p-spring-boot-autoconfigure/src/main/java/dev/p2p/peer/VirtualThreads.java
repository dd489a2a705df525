package dev.p2p.peer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

import org.jspecify.annotations.Nullable;

/**
 * Virtual-thread executors on Java 21 and later, reached reflectively because the code is
 * compiled for Java 17.
 */
final class VirtualThreads {

	private VirtualThreads() {
	}

	/**
	 * A thread-per-task executor of named virtual threads.
	 * @param prefix thread name prefix
	 * @return the executor, or {@code null} on a runtime without virtual threads
	 */
	static @Nullable ExecutorService executor(String prefix) {
		try {
			MethodHandles.Lookup lookup = MethodHandles.publicLookup();
			Object builder = lookup.findStatic(Thread.class, "ofVirtual",
					MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual"))).invoke();
			Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
			MethodHandle name = lookup.findVirtual(ofVirtual, "name",
					MethodType.methodType(ofVirtual, String.class, long.class));
			builder = name.invoke(builder, prefix, 1L);
			MethodHandle factory = lookup.findVirtual(Class.forName("java.lang.Thread$Builder"), "factory",
					MethodType.methodType(ThreadFactory.class));
			ThreadFactory threads = (ThreadFactory) factory.invoke(builder);
			MethodHandle perTask = lookup.findStatic(Executors.class, "newThreadPerTaskExecutor",
					MethodType.methodType(ExecutorService.class, ThreadFactory.class));
			return (ExecutorService) perTask.invoke(threads);
		}
		catch (Throwable ex) {
			return null;
		}
	}

}
