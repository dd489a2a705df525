package dev.p2p.session;

/**
 * A producer of a {@link SerialQueue} that must never block (a reader on an event loop): rather
 * than waiting for room it is paused, and resumed once there is room again or the queue closes.
 * One per producer, made once: an offer allocates nothing for it.
 *
 * @param pause stops the producer; runs under the queue's lock
 * @param resume lets it go on; runs on whichever thread makes room, outside the lock
 */
record PausingProducer(Runnable pause, Runnable resume) {
}
