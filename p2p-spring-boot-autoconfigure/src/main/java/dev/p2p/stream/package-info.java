/**
 * What a stream sends: content, its source and the stream settings.
 */
@NullMarked
package dev.p2p.stream;

import org.jspecify.annotations.NullMarked;
