/**
 * The peerpy profile ({@code p2p.peerpy.*}): unmodified peerpy peers connect to the node and the
 * node dials them, exchanging DATA as packets of one type; peerpy UDP discovery.
 */
@NullMarked
package dev.p2p.compat.peerpy;

import org.jspecify.annotations.NullMarked;
