/**
 * The frame format on the wire: frames, their encoder and decoder, control codes and envelope payloads.
 */
@NullMarked
package dev.p2p.wire;

import org.jspecify.annotations.NullMarked;
