/**
 * The pnet profile ({@code p2p.pnet.*}): the node is a pnet CommandNode whose functions are
 * its packet listeners, advertises itself over UDP and calls functions of other pnet nodes.
 */
@NullMarked
package dev.p2p.compat.pnet;

import org.jspecify.annotations.NullMarked;
