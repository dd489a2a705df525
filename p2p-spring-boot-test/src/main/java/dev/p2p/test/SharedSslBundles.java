package dev.p2p.test;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * The application's SSL bundles as a test peer sees them: the same bundles, but the test peer's
 * node registers no update handlers with the application's registry, where they would outlive
 * the test peer (it lives shorter than any certificate rotation).
 */
final class SharedSslBundles implements SslBundles {

	private final SslBundles application;

	SharedSslBundles(SslBundles application) {
		this.application = application;
	}

	@Override
	public SslBundle getBundle(String name) throws NoSuchSslBundleException {
		return this.application.getBundle(name);
	}

	@Override
	public void addBundleUpdateHandler(String name, Consumer<SslBundle> updateHandler)
			throws NoSuchSslBundleException {
		// checks the name as the registry would, and keeps no handler
		this.application.getBundle(name);
	}

	@Override
	public void addBundleRegisterHandler(BiConsumer<String, SslBundle> registerHandler) {
		// no handler: see the class comment
	}

	@Override
	public List<String> getBundleNames() {
		return this.application.getBundleNames();
	}

}
