package dev.p2p.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationContext;

/**
 * Creates {@link TestPeer}s connected to the node of the test's application context, and stops
 * the ones still running when the context closes. A bean of every Spring test context with
 * this module on the class path: {@code @Autowired TestPeers testPeers}.
 */
public final class TestPeers implements DisposableBean {

	/** Name of the bean. */
	public static final String BEAN_NAME = "p2pTestPeers";

	private final ApplicationContext context;

	private final List<TestPeer> started = new CopyOnWriteArrayList<>();

	/**
	 * Create the factory.
	 * @param context the application under test
	 */
	public TestPeers(ApplicationContext context) {
		this.context = context;
	}

	/**
	 * Start a test peer and connect it to the application's node.
	 * @return the connected peer
	 */
	public TestPeer connect() {
		return connect(TestPeer.builder());
	}

	/**
	 * Start a test peer with a node id of its own and connect it.
	 * @param nodeId the test peer's node id
	 * @return the connected peer
	 */
	public TestPeer connect(String nodeId) {
		return connect(TestPeer.builder().nodeId(nodeId));
	}

	/**
	 * Start a test peer built with other settings and connect it.
	 * @param builder the settings
	 * @return the connected peer
	 */
	public TestPeer connect(TestPeerBuilder builder) {
		TestPeer peer = builder.connectTo(this.context);
		this.started.add(peer);
		return peer;
	}

	@Override
	public void destroy() {
		this.started.forEach(TestPeer::close);
		this.started.clear();
	}

}
