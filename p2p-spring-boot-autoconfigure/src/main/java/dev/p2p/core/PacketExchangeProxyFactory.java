package dev.p2p.core;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.jspecify.annotations.Nullable;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

import dev.p2p.packet.PacketTypeRegistry;

/**
 * Creates clients of remote command interfaces, in the manner of Spring's HTTP interface
 * clients: each {@link PacketExchange} method of the interface becomes a request (or a send)
 * to the peer the client is bound to. Interfaces are checked when the client is created: a
 * method without the annotation, a type name that is not a constant, or more than one
 * parameter fails with a message naming the method.
 */
public class PacketExchangeProxyFactory {

	private final PacketOperations<?> packets;

	private final PacketTypeRegistry packetTypes;

	/**
	 * Create a factory.
	 * @param packets sends the requests
	 * @param packetTypes resolves the type names of {@link PacketExchange}
	 */
	public PacketExchangeProxyFactory(PacketOperations<?> packets, PacketTypeRegistry packetTypes) {
		this.packets = packets;
		this.packetTypes = packetTypes;
	}

	/**
	 * Create a client bound to a peer. The peer need not be connected yet: each call looks it
	 * up, and fails with {@code PeerNotConnectedException} while it is not.
	 * @param <T> the interface
	 * @param api the interface
	 * @param nodeId the peer's node id
	 * @return the client
	 * @throws IllegalArgumentException if the interface is not a valid remote command interface
	 */
	public <T> T createClient(Class<T> api, String nodeId) {
		if (!api.isInterface()) {
			throw new IllegalArgumentException(api.getName() + " is not an interface");
		}
		Map<Method, Exchange> exchanges = new HashMap<>();
		for (Method method : api.getMethods()) {
			if (!method.isDefault() && !Modifier.isStatic(method.getModifiers())) {
				exchanges.put(method, exchange(api, method));
			}
		}
		InvocationHandler handler = (proxy, method, args) -> {
			Exchange exchange = exchanges.get(method);
			if (exchange != null) {
				return exchange.call(nodeId, (args != null && args.length == 1) ? args[0] : null);
			}
			if (method.isDefault()) {
				// a private lookup also reaches default methods of interfaces that are not public
				Class<?> declaring = method.getDeclaringClass();
				return MethodHandles.privateLookupIn(declaring, MethodHandles.lookup())
					.unreflectSpecial(method, declaring)
					.bindTo(proxy)
					.invokeWithArguments((args != null) ? args : new Object[0]);
			}
			return switch (method.getName()) {
				case "equals" -> proxy == args[0];
				case "hashCode" -> System.identityHashCode(proxy);
				case "toString" -> api.getSimpleName() + " client of peer '" + nodeId + "'";
				default -> throw new UnsupportedOperationException(method.toString());
			};
		};
		return api.cast(Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] { api }, handler));
	}

	private Exchange exchange(Class<?> api, Method method) {
		String description = api.getSimpleName() + "." + method.getName();
		PacketExchange annotation = method.getAnnotation(PacketExchange.class);
		if (annotation == null) {
			throw new IllegalArgumentException(description + " has no @PacketExchange");
		}
		if (method.getParameterCount() > 1) {
			throw new IllegalArgumentException(description + " takes " + method.getParameterCount()
					+ " parameters; a @PacketExchange method takes the payload only");
		}
		Enum<?> type;
		try {
			type = this.packetTypes.typeNamed(annotation.value());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(description + " names packet type '" + annotation.value()
					+ "', which does not exist: " + ex.getMessage(), ex);
		}
		ResolvableType returnType = ResolvableType.forMethodReturnType(method, api);
		if (returnType.resolve() == void.class) {
			return new Exchange(type, Exchange.Kind.SEND, null);
		}
		if (CompletableFuture.class.isAssignableFrom(returnType.toClass())) {
			return new Exchange(type, Exchange.Kind.FUTURE,
					ParameterizedTypeReference.forType(returnType.as(CompletableFuture.class).getGeneric(0).getType()));
		}
		return new Exchange(type, Exchange.Kind.BLOCKING, ParameterizedTypeReference.forType(boxed(returnType)));
	}

	private static Type boxed(ResolvableType type) {
		Class<?> resolved = type.toClass();
		return resolved.isPrimitive() ? ClassUtils.resolvePrimitiveIfNecessary(resolved) : type.getType();
	}

	/** One method of the interface. */
	private final class Exchange {

		enum Kind {

			/** {@code void}: send, wait for nothing. */
			SEND,

			/** A {@code CompletableFuture} of the reply. */
			FUTURE,

			/** The reply itself: the caller waits. */
			BLOCKING

		}

		private final Enum<?> type;

		private final Kind kind;

		private final @Nullable ParameterizedTypeReference<Object> replyType;

		@SuppressWarnings("unchecked")
		Exchange(Enum<?> type, Kind kind, @Nullable ParameterizedTypeReference<?> replyType) {
			this.type = type;
			this.kind = kind;
			this.replyType = (ParameterizedTypeReference<Object>) replyType;
		}

		@Nullable Object call(String nodeId, @Nullable Object payload) {
			return call(PacketExchangeProxyFactory.this.packets, nodeId, payload);
		}

		/**
		 * The type came from the registry the operations are typed by, so it is a constant of
		 * their enum: the cast only recovers what the interface's {@code ?} forgot.
		 */
		@SuppressWarnings("unchecked")
		private <E extends Enum<E>> @Nullable Object call(PacketOperations<E> packets, String nodeId,
				@Nullable Object payload) {
			E type = (E) this.type;
			if (this.kind == Kind.SEND) {
				packets.send(nodeId, type, payload);
				return null;
			}
			CompletableFuture<Object> reply = packets.request(nodeId, type, payload, this.replyType);
			if (this.kind == Kind.FUTURE) {
				return reply;
			}
			try {
				return reply.join();
			}
			catch (CompletionException ex) {
				if (ex.getCause() instanceof RuntimeException runtime) {
					throw runtime;
				}
				throw ex;
			}
		}

	}

}
