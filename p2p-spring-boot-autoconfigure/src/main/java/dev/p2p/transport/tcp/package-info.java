/**
 * The TCP (and TLS) transport, built on Spring Integration IP's NET connection factories.
 */
@NullMarked
package dev.p2p.transport.tcp;

import org.jspecify.annotations.NullMarked;
