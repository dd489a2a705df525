package dev.p2p.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Name;

/**
 * How payloads are encoded.
 * <p>
 * Bound under {@code p2p.codec} as part of {@link P2pProperties}.
 */
public class P2pCodecProperties {

	/**
	 * Codec of packet types without an override: "json", "bytes", "string", or the name of
	 * a PacketCodec bean.
	 */
	@Name("default")
	private String defaultCodec = "json";

	/**
	 * Codec per packet type, by enum constant name, for example COMMAND1: bytes.
	 */
	private Map<String, String> types = new LinkedHashMap<>();

	public String getDefaultCodec() {
		return this.defaultCodec;
	}

	public void setDefaultCodec(String defaultCodec) {
		this.defaultCodec = defaultCodec;
	}

	public Map<String, String> getTypes() {
		return this.types;
	}

	public void setTypes(Map<String, String> types) {
		this.types = types;
	}

}
