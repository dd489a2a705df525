package dev.p2p.compat.pnet;

import java.security.interfaces.RSAPublicKey;
import java.time.Instant;

/**
 * A pnet node learnt from its adverts.
 *
 * @param name its pnet name
 * @param host the host it advertised ({@code localhost} or an IPv4 address)
 * @param port its TCP server port
 * @param publicKey its RSA public key
 * @param lastSeen when its last advert arrived
 */
public record PnetPeer(String name, String host, int port, RSAPublicKey publicKey, Instant lastSeen) {
}
