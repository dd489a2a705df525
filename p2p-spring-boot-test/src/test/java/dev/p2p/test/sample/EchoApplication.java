package dev.p2p.test.sample;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application the test module's tests run: a listener bean and a bean the slice leaves out.
 */
@SpringBootApplication
public class EchoApplication {

}
