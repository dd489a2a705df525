package dev.p2p.stream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;

import dev.p2p.wire.StreamFrames;

/**
 * What a stream sends: the data's source (an {@link InputStream}, a file, or a
 * {@link Flow.Publisher} of byte buffers) with an optional name and declared size that travel
 * in the stream's opening frame for the receiver to see. A source is read once, by the node,
 * as the receiver grants credit; an input stream or file is closed when the stream ends.
 */
public final class StreamContent {

	private final Opener opener;

	private final String name;

	private final long size;

	private StreamContent(Opener opener, String name, long size) {
		this.opener = opener;
		this.name = name;
		this.size = size;
	}

	/**
	 * Content read from an input stream, of unknown size and without a name.
	 * @param data the data; closed when the stream ends
	 * @return the content
	 */
	public static StreamContent of(InputStream data) {
		Objects.requireNonNull(data, "data must not be null");
		return new StreamContent((wakeUp) -> new InputStreamSource(data), "", StreamFrames.UNKNOWN_SIZE);
	}

	/**
	 * A file's content, named after the file, with its current size (unknown if it cannot be read
	 * now: opening the file then fails the stream).
	 * @param file the file
	 * @return the content
	 */
	public static StreamContent of(Path file) {
		Objects.requireNonNull(file, "file must not be null");
		long size;
		try {
			size = Files.size(file);
		}
		catch (IOException ex) {
			size = StreamFrames.UNKNOWN_SIZE;
		}
		Path name = file.getFileName();
		return new StreamContent((wakeUp) -> new InputStreamSource(Files.newInputStream(file)),
				(name != null) ? name.toString() : "", size);
	}

	/**
	 * Content from a publisher, of unknown size and without a name. The node subscribes when the
	 * stream opens and requests one buffer at a time, when the receiver has granted credit for
	 * it; buffers may have any size (large ones are sent in several chunks). An error from the
	 * publisher cancels the stream.
	 * @param data the publisher
	 * @return the content
	 */
	public static StreamContent of(Flow.Publisher<? extends ByteBuffer> data) {
		Objects.requireNonNull(data, "data must not be null");
		return new StreamContent((wakeUp) -> new PublisherSource(data, wakeUp), "", StreamFrames.UNKNOWN_SIZE);
	}

	/**
	 * The same content with a name for the receiver (for example a file name).
	 * @param name the name, at most 1024 UTF-8 bytes (longer ones are cut)
	 * @return new content
	 */
	public StreamContent named(String name) {
		return new StreamContent(this.opener, Objects.requireNonNull(name, "name must not be null"), this.size);
	}

	/**
	 * The same content with a declared size, which the receiver sees before the data. It is
	 * informational: the length that counts is the one the stream's end frame carries.
	 * @param size size in bytes, or -1 for unknown
	 * @return new content
	 */
	public StreamContent withSize(long size) {
		if (size < 0 && size != StreamFrames.UNKNOWN_SIZE) {
			throw new IllegalArgumentException("size must be 0 or more, or -1 for unknown, not " + size);
		}
		return new StreamContent(this.opener, this.name, size);
	}

	/**
	 * The name the receiver sees.
	 * @return the name, empty if none
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * The size the receiver sees.
	 * @return size in bytes, -1 if unknown
	 */
	public long getSize() {
		return this.size;
	}

	/**
	 * Open the data for one stream (the sender's pump reads it).
	 * @param wakeUp called by a source that has more data after it returned none
	 * @return the source
	 * @throws IOException if the data cannot be opened
	 */
	public StreamSource open(Runnable wakeUp) throws IOException {
		return this.opener.open(wakeUp);
	}

	@FunctionalInterface
	private interface Opener {

		StreamSource open(Runnable wakeUp) throws IOException;

	}

	/** Reads an input stream, filling a chunk with what is available without further waiting. */
	private static final class InputStreamSource implements StreamSource {

		private final InputStream in;

		InputStreamSource(InputStream in) {
			this.in = in;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int total = 0;
			do {
				int n = this.in.read(buffer, offset + total, length - total);
				if (n < 0) {
					return (total > 0) ? total : -1;
				}
				total += n;
			}
			while (total < length && (total == 0 || this.in.available() > 0));
			return total;
		}

		@Override
		public void close() throws IOException {
			this.in.close();
		}

	}

	/** Subscribes to a publisher, one buffer at a time; never blocks the pump. */
	private static final class PublisherSource implements StreamSource, Flow.Subscriber<ByteBuffer> {

		private final Queue<ByteBuffer> items = new ConcurrentLinkedQueue<>();

		private final Runnable wakeUp;

		private volatile Flow.Subscription subscription;

		private volatile boolean complete;

		private volatile Throwable error;

		@SuppressWarnings("unchecked")
		PublisherSource(Flow.Publisher<? extends ByteBuffer> publisher, Runnable wakeUp) {
			this.wakeUp = wakeUp;
			((Flow.Publisher<ByteBuffer>) publisher).subscribe(this);
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			subscription.request(1);
		}

		@Override
		public void onNext(ByteBuffer item) {
			this.items.add(item);
			this.wakeUp.run();
		}

		@Override
		public void onError(Throwable throwable) {
			this.error = throwable;
			this.wakeUp.run();
		}

		@Override
		public void onComplete() {
			this.complete = true;
			this.wakeUp.run();
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			// read 'complete' first: every item came before it, so an empty queue after it is the end
			boolean done = this.complete;
			ByteBuffer head = this.items.peek();
			while (head != null && !head.hasRemaining()) {
				next();
				head = this.items.peek();
			}
			if (head == null) {
				if (this.error != null) {
					throw new IOException("the publisher failed: " + this.error, this.error);
				}
				return done ? -1 : 0;
			}
			int n = Math.min(length, head.remaining());
			head.get(buffer, offset, n);
			if (!head.hasRemaining()) {
				next();
			}
			return n;
		}

		private void next() {
			this.items.poll();
			this.subscription.request(1);
		}

		@Override
		public void close() {
			Flow.Subscription current = this.subscription;
			if (!this.complete && this.error == null && current != null) {
				current.cancel();
			}
		}

	}

}
