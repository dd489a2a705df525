/**
 * The benchmark: the starter against raw Netty, plain sockets, RSocket and Spring Integration IP
 * on loopback ({@link dev.p2p.bench.BenchmarkMain}).
 */
@NullMarked
package dev.p2p.bench;

import org.jspecify.annotations.NullMarked;
