package dev.p2p.nat;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import dev.p2p.peer.PeerSession;
import dev.p2p.reach.HolePunchFrames;
import dev.p2p.reach.ReachableAddress;

/**
 * One round of hole punching with one peer: the session it runs over, which end initiates, the
 * two token halves, the peer's addresses and the attempt in progress.
 */
final class PunchRound {

	final PeerSession session;

	final boolean initiator;

	final byte[] mine = new byte[HolePunchFrames.TOKEN_HALF_LENGTH];

	final long startedNanos = System.nanoTime();

	final CompletableFuture<Boolean> result = new CompletableFuture<>();

	final AtomicBoolean joined = new AtomicBoolean();

	volatile byte @Nullable [] theirs;

	volatile List<ReachableAddress> theirAddresses = List.of();

	volatile int attempt;

	volatile long sentNanos;

	/**
	 * @param session the session with the peer
	 * @param initiator {@code true} on the session's dialer
	 * @param random draws this end's token half
	 */
	PunchRound(PeerSession session, boolean initiator, Random random) {
		this.session = session;
		this.initiator = initiator;
		random.nextBytes(this.mine);
	}

	/**
	 * The round's token: the initiator's half, then the responder's.
	 * @return the token (zeros where a half is not known yet)
	 */
	byte[] token() {
		byte[] other = this.theirs;
		byte[] token = new byte[HolePunchFrames.TOKEN_HALF_LENGTH * 2];
		byte[] first = this.initiator ? this.mine : other;
		byte[] second = this.initiator ? other : this.mine;
		if (first != null && second != null) {
			System.arraycopy(first, 0, token, 0, first.length);
			System.arraycopy(second, 0, token, first.length, second.length);
		}
		return token;
	}

	/**
	 * The peer's part of an attempt, from its PUNCH_CONNECT.
	 * @param connect the frame
	 */
	void heard(HolePunchFrames.Connect connect) {
		this.theirs = connect.tokenHalf();
		this.theirAddresses = connect.addresses();
	}

}
