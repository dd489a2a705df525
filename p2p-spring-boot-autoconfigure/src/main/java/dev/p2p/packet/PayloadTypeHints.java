package dev.p2p.packet;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;

/**
 * Registers what a codec needs to read and write a payload type by reflection in a native
 * image (constructors, accessors, fields, recursively, as for Spring MVC's bodies), for the
 * payload parameters and return values of listener and exchange methods. Types the node
 * supplies itself (the session, the raw packet, a reply, a stream) are left out, and a
 * {@code CompletionStage<T>} contributes its {@code T}.
 */
public final class PayloadTypeHints {

	private static final Set<String> NOT_PAYLOADS = Set.of("dev.p2p.peer.PeerSession", "dev.p2p.stream.StreamInput",
			Packet.class.getName(), PacketReply.class.getName(), InputStream.class.getName());

	private final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

	/**
	 * Register a method and the payload types it takes and returns.
	 * @param hints where to register
	 * @param method a listener or exchange method
	 * @param mode how the node uses the method: invokes it, or only reads it
	 */
	public void registerMethod(ReflectionHints hints, Method method, ExecutableMode mode) {
		hints.registerMethod(method, mode);
		for (int i = 0; i < method.getParameterCount(); i++) {
			register(hints, ResolvableType.forMethodParameter(new MethodParameter(method, i)));
		}
		register(hints, ResolvableType.forMethodReturnType(method));
	}

	/**
	 * Register a payload type.
	 * @param hints where to register
	 * @param type a method parameter or return type
	 */
	public void register(ReflectionHints hints, ResolvableType type) {
		Class<?> resolved = type.toClass();
		if (CompletionStage.class.isAssignableFrom(resolved)) {
			register(hints, type.as(CompletionStage.class).getGeneric(0));
			return;
		}
		if (resolved == void.class || resolved == Void.class || resolved == Object.class
				|| NOT_PAYLOADS.contains(resolved.getName())) {
			return;
		}
		this.bindings.registerReflectionHints(hints, type.getType());
	}

}
