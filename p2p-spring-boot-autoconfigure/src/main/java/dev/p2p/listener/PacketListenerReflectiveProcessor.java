package dev.p2p.listener;

import java.lang.reflect.Method;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.SimpleReflectiveProcessor;

import dev.p2p.packet.PayloadTypeHints;

/**
 * Native-image hints of a {@link PacketListener} method: the method is invoked by
 * reflection, and its payload parameter and return value are read and written by codecs.
 */
public class PacketListenerReflectiveProcessor extends SimpleReflectiveProcessor {

	private final PayloadTypeHints payloads = new PayloadTypeHints();

	@Override
	protected void registerMethodHint(ReflectionHints hints, Method method) {
		this.payloads.registerMethod(hints, method, ExecutableMode.INVOKE);
	}

}
