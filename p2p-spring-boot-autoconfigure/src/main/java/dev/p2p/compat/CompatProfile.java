package dev.p2p.compat;

import org.springframework.context.SmartLifecycle;

import dev.p2p.node.PeerNode;

/**
 * A profile that speaks another wire protocol beside a {@link PeerNode}: its peers join the
 * node as attached sessions, so it starts after the node (whose sessions must exist) and stops
 * before it. Subclasses start and stop under {@link #monitor} and keep {@link #running} up to date.
 */
public abstract class CompatProfile implements SmartLifecycle {

	/** The node the profile's peers join. */
	protected final PeerNode node;

	/** Held while the profile starts or stops. */
	protected final Object monitor = new Object();

	/** Whether the profile runs, written under {@link #monitor}. */
	protected volatile boolean running;

	/**
	 * Create a profile of a node.
	 * @param node the node its peers join
	 */
	protected CompatProfile(PeerNode node) {
		this.node = node;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// after the node starts (its sessions must exist), before it stops
		return this.node.getPhase() + 512;
	}

}
