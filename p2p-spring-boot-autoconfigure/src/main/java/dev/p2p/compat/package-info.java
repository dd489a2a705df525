/**
 * Compatibility profiles: other wire protocols spoken beside the node, whose peers join it as
 * attached sessions ({@link dev.p2p.compat.CompatSession}); what the profiles share (a blocking
 * server, threads, metrics, Python-style JSON). The protocols are in the sub-packages.
 */
@NullMarked
package dev.p2p.compat;

import org.jspecify.annotations.NullMarked;
