package dev.p2p.autoconfigure;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata the build generates (what IDEs complete from): every p2p
 * property is described, defaults the processor cannot see are there, and the hints name
 * the packet-type enum and the codecs.
 */
class ConfigurationMetadataTests {

	private final JsonNode metadata = read();

	@Test
	void everyP2pPropertyHasADescription() {
		assertThat(this.metadata.get("properties").values())
			.filteredOn((property) -> property.get("name").asString().startsWith("p2p."))
			.isNotEmpty()
			.allSatisfy((property) -> assertThat(property.path("description").asString())
				.as(property.get("name").asString())
				.isNotBlank());
	}

	@Test
	void listDefaultsAreDeclared() {
		assertThat(property("p2p.ssl.protocols").get("defaultValue").get(0).asString()).isEqualTo("TLSv1.3");
	}

	@Test
	void theEndpointIsReadOnlyByDefaultAndInfoCanBeTurnedOff() {
		assertThat(property("management.endpoint.p2p.access").get("defaultValue").asString()).isEqualTo("read_only");
		assertThat(property("management.info.p2p.enabled").get("defaultValue").asBoolean()).isTrue();
	}

	@Test
	void packetTypesAreHintedAsAnEnumClassReference() {
		JsonNode provider = hint("p2p.packet-types").get("providers").get(0);
		assertThat(provider.get("name").asString()).isEqualTo("class-reference");
		assertThat(provider.get("parameters").get("target").asString()).isEqualTo("java.lang.Enum");
	}

	@Test
	void codecsAreHintedForTheDefaultAndPerType() {
		for (String name : new String[] { "p2p.codec.default", "p2p.codec.types.values" }) {
			assertThat(hint(name).get("values").values()).extracting((value) -> value.get("value").asString())
				.containsExactly("json", "bytes", "string");
		}
	}

	private JsonNode property(String name) {
		return find("properties", name);
	}

	private JsonNode hint(String name) {
		return find("hints", name);
	}

	private JsonNode find(String group, String name) {
		for (JsonNode node : this.metadata.get(group).values()) {
			if (node.get("name").asString().equals(name)) {
				return node;
			}
		}
		throw new AssertionError("no " + group + " entry named " + name);
	}

	private static JsonNode read() {
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			return JsonMapper.builder().build().readTree(in);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
