package dev.p2p.core;

import java.lang.reflect.Method;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.SimpleReflectiveProcessor;

import dev.p2p.packet.PayloadTypeHints;

/**
 * Native-image hints of a {@link PacketExchange} method: the client factory reads the method
 * and its annotation, and codecs write its payload and read its reply. The JDK proxy of the
 * interface is registered by {@link PacketExchangeBeanRegistrationAotProcessor} for clients
 * declared as beans.
 */
public class PacketExchangeReflectiveProcessor extends SimpleReflectiveProcessor {

	private final PayloadTypeHints payloads = new PayloadTypeHints();

	@Override
	protected void registerMethodHint(ReflectionHints hints, Method method) {
		this.payloads.registerMethod(hints, method, ExecutableMode.INTROSPECT);
	}

}
