package dev.p2p.delivery;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.p2p.delivery.DeliveryFrames.Resume;

/**
 * The RESUME exchange that starts each connection of a peer's session (docs/PROTOCOL.md §16):
 * the ids of both sides, what this side announced and what the peer's RESUME said, and the
 * decision once both are known. Not thread-safe: guarded by the {@link PeerDelivery}'s monitor.
 */
final class ResumeExchange {

	/** This side's id of the session; a new one when a resumption was refused. */
	private UUID mine = UUID.randomUUID();

	/** The peer's id of its side, as its last RESUME said. */
	private UUID yours = DeliveryFrames.NO_SESSION;

	private @Nullable Resume announced;

	private @Nullable Resume peerResume;

	private boolean decided;

	/** A new connection: its exchange starts over. */
	void restart() {
		this.decided = false;
		this.announced = null;
		this.peerResume = null;
	}

	/** The connection ended: whatever comes next needs a new decision. */
	void ended() {
		this.decided = false;
	}

	boolean isDecided() {
		return this.decided;
	}

	/**
	 * This side's RESUME for the connection.
	 * @param received how many packets of the session this side handled
	 * @return the RESUME to send
	 */
	Resume announce(long received) {
		Resume resume = new Resume(this.mine, this.yours, received);
		this.announced = resume;
		return resume;
	}

	/**
	 * The peer's RESUME arrived.
	 * @param resume what it said
	 * @return {@code false} if it is the connection's second one
	 */
	boolean peerResumed(Resume resume) {
		if (this.peerResume != null) {
			return false;
		}
		this.peerResume = resume;
		return true;
	}

	/**
	 * Once both RESUMEs are known: resume when each names the other's session (both sides see the
	 * same ids, so both decide alike), else start fresh. A peer claiming more than was sent is
	 * refused, and the session forgotten: the next connection starts fresh on both sides.
	 * @param nextPosition the position the next packet would get
	 * @return the decision, or {@code null} while one RESUME is missing or once decided
	 */
	@Nullable Decision decide(long nextPosition) {
		Resume me = this.announced;
		Resume peer = this.peerResume;
		if (this.decided || me == null || peer == null) {
			return null;
		}
		boolean resumed = !DeliveryFrames.NO_SESSION.equals(peer.peerSession())
				&& peer.peerSession().equals(me.session()) && peer.session().equals(me.peerSession());
		if (resumed && peer.received() >= nextPosition) {
			this.mine = UUID.randomUUID();
			this.yours = DeliveryFrames.NO_SESSION;
			return new Decision("RESUME claims position " + peer.received() + ", only " + (nextPosition - 1)
					+ " were sent", false, false, 0, 0, "");
		}
		this.decided = true;
		this.yours = peer.session();
		boolean first = DeliveryFrames.NO_SESSION.equals(me.peerSession());
		String detail = resumed ? "resumed session " + me.session() + " from position " + peer.received()
				: (first ? "new session" : "the peer did not know session " + me.session() + " (restarted?): fresh session");
		return new Decision(null, resumed, first, resumed ? me.received() : 0, resumed ? peer.received() : 0, detail);
	}

	/**
	 * How a connection goes on.
	 * @param refusal why the peer's RESUME is refused, {@code null} if it is not
	 * @param resumed whether the session resumes (else it starts fresh)
	 * @param first whether this is the session's first connection
	 * @param received where this side's count of handled packets starts
	 * @param peerReceived the last position the peer holds: resending starts after it
	 * @param detail for the event and the log
	 */
	record Decision(@Nullable String refusal, boolean resumed, boolean first, long received, long peerReceived,
			String detail) {
	}

}
