package dev.p2p.test.autoconfigure;

import java.io.IOException;
import java.util.Set;

import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

import dev.p2p.autoconfigure.PeerNodeCustomizer;
import dev.p2p.handshake.HandshakeInterceptor;
import dev.p2p.listener.PacketListener;
import dev.p2p.listener.PacketListenerErrorHandler;
import dev.p2p.packet.PacketCodec;
import dev.p2p.transport.TransportFactory;
import dev.p2p.transport.tcp.ConnectionFactoryCustomizer;

/**
 * The beans component scanning keeps in a {@link P2pTest @P2pTest}: classes with a
 * {@link PacketListener @PacketListener} method, and implementations of the P2P callback types.
 */
final class P2pTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<P2pTest> {

	private static final Set<Class<?>> DEFAULT_INCLUDES = Set.of(PacketCodec.class, HandshakeInterceptor.class,
			PeerNodeCustomizer.class, ConnectionFactoryCustomizer.class, PacketListenerErrorHandler.class,
			TransportFactory.class);

	P2pTypeExcludeFilter(Class<?> testClass) {
		super(testClass);
	}

	@Override
	protected Set<Class<?>> getKnownIncludes() {
		return DEFAULT_INCLUDES;
	}

	@Override
	protected boolean defaultInclude(MetadataReader metadataReader, MetadataReaderFactory metadataReaderFactory)
			throws IOException {
		return metadataReader.getAnnotationMetadata().hasAnnotatedMethods(PacketListener.class.getName())
				|| super.defaultInclude(metadataReader, metadataReaderFactory);
	}

}
