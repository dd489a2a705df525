package dev.p2p.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's example test ("Testing your listeners") is {@link ChatListenerTests}, character
 * for character.
 */
class ReadmeExampleTests {

	@Test
	void readmeShowsChatListenerTestsAsItIs() throws IOException {
		String readme = Files.readString(Path.of("..", "README.md"));
		String test = Files.readString(Path.of("src", "test", "java", "dev", "p2p", "sample", "ChatListenerTests.java"));
		assertThat(readme).contains("```java\n" + test + "```");
	}

}
