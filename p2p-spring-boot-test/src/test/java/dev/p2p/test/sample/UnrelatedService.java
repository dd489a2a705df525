package dev.p2p.test.sample;

import org.springframework.stereotype.Service;

/**
 * A bean with nothing to do with P2P: {@code @P2pTest} leaves it out.
 */
@Service
public class UnrelatedService {

}
