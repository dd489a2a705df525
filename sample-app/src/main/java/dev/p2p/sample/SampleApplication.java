package dev.p2p.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A peer on TCP port 5001 that answers dpea-p2p's COMMAND1 with COMMAND2 "Hello back!" and
 * chats with the peers it meets.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
