package dev.p2p.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A test slice for the P2P side of an application: starts the node and only the beans it needs
 * (the application's {@code @PacketListener} beans, {@code PacketCodec}s,
 * {@code HandshakeInterceptor}s, {@code PeerNodeCustomizer}s, {@code ConnectionFactoryCustomizer}s,
 * a {@code TransportFactory} and its {@code PacketListenerErrorHandler}), with the P2P, Jackson
 * and SSL bundle auto-configuration and no web server. The node listens on an ephemeral port of
 * {@code 127.0.0.1} (see {@link P2pTestPropertiesContextCustomizerFactory}) with discovery off;
 * inject the port with {@link LocalP2pPort @LocalP2pPort} and talk to the node with a
 * {@link dev.p2p.test.TestPeer}
 * from the {@link dev.p2p.test.TestPeers} bean. Other beans can be added with
 * {@code @Import} or {@link #includeFilters()}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(P2pTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(P2pTypeExcludeFilter.class)
@ImportAutoConfiguration
public @interface P2pTest {

	/**
	 * Properties in {@code key=value} form added to the environment before the test runs.
	 * @return the properties
	 */
	String[] properties() default {};

	/**
	 * Whether the default filters (listener beans and the P2P callback types) apply.
	 * @return {@code false} to pick beans with {@link #includeFilters()} only
	 */
	boolean useDefaultFilters() default true;

	/**
	 * Further beans to include in the application context.
	 * @return include filters
	 */
	Filter[] includeFilters() default {};

	/**
	 * Beans to leave out of the application context.
	 * @return exclude filters
	 */
	Filter[] excludeFilters() default {};

	/**
	 * Auto-configuration to leave out for this test.
	 * @return the classes to exclude
	 */
	@AliasFor(annotation = ImportAutoConfiguration.class, attribute = "exclude")
	Class<?>[] excludeAutoConfiguration() default {};

}
