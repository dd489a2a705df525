package dev.p2p.autoconfigure;

import dev.p2p.session.PeerNodeSettings;

/**
 * Callback to adjust the node's settings after they are bound from {@code p2p.*} properties
 * and before the node is created. Declare beans of this type; they are applied in order.
 */
@FunctionalInterface
public interface PeerNodeCustomizer {

	/**
	 * Adjust the settings.
	 * @param settings the settings, already filled from properties
	 */
	void customize(PeerNodeSettings settings);

}
