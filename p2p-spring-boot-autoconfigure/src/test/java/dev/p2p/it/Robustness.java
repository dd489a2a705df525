package dev.p2p.it;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Marks the robustness tests of issue 18 (a slow listener, churn and floods never stop a node or
 * exhaust its heap). They run with {@code -Dp2p.robustness=true} until the fixes land; with
 * {@code -Dp2p.soak=true} as well, they run longer ({@link Soak}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Tag("robustness")
@EnabledIfSystemProperty(named = "p2p.robustness", matches = "true")
@interface Robustness {

}
