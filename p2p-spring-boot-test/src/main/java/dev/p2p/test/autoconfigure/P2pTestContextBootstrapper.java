package dev.p2p.test.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.test.autoconfigure.TestSliceTestContextBootstrapper;

/**
 * Bootstraps {@link P2pTest @P2pTest}: its {@code properties}, after the slice's defaults
 * (discovery off, so a test node never advertises itself on the machine's network).
 */
class P2pTestContextBootstrapper extends TestSliceTestContextBootstrapper<P2pTest> {

	private static final String[] DEFAULTS = { "p2p.discovery.enabled=false", "p2p.discovery.peer-exchange=false" };

	@Override
	protected String[] getProperties(Class<?> testClass) {
		List<String> properties = new ArrayList<>(List.of(DEFAULTS));
		String[] own = super.getProperties(testClass);
		if (own != null) {
			// later entries win: the test's own properties override the defaults
			properties.addAll(List.of(own));
		}
		return properties.toArray(String[]::new);
	}

}
