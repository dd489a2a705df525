package dev.p2p.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Value;

/**
 * Injects the port the node under test listens on ({@code local.p2p.port}, set when its server
 * socket is bound), like {@code @LocalServerPort} for the web server.
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Value("${" + LocalP2pPortListener.PROPERTY + "}")
public @interface LocalP2pPort {

}
