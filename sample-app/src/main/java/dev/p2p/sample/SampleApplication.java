package dev.p2p.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A peer on TCP port 5001 that answers dpea-p2p's COMMAND1 with COMMAND2 "Hello back!", chats
 * with the peers it meets and broadcasts its telemetry to them; the actuator (HTTP port 8080)
 * shows it in {@code health}, {@code metrics} and {@code p2p}.
 */
@SpringBootApplication
@EnableScheduling
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
