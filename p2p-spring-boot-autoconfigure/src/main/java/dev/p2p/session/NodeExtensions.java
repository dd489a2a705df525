package dev.p2p.session;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.p2p.peer.PeerSession;

/**
 * The protocols that run beside the engine's own on a node's sessions (the relay, the NAT
 * helpers), in registration order: which one handles a control code, and telling them all
 * when a session starts or ends (a failing extension is logged, the others still hear).
 */
public final class NodeExtensions implements Iterable<SessionExtension> {

	private static final Log logger = LogFactory.getLog(NodeContext.class);

	private final List<SessionExtension> extensions = new CopyOnWriteArrayList<>();

	NodeExtensions() {
	}

	void add(SessionExtension extension) {
		this.extensions.add(extension);
	}

	@Override
	public Iterator<SessionExtension> iterator() {
		return this.extensions.iterator();
	}

	/**
	 * The extension that handles a control code.
	 * @param code the frame type
	 * @return the first extension that handles it, or {@code null}
	 */
	@Nullable SessionExtension forCode(int code) {
		for (SessionExtension extension : this.extensions) {
			if (extension.handles(code)) {
				return extension;
			}
		}
		return null;
	}

	void sessionActive(PeerSession session) {
		for (SessionExtension extension : this.extensions) {
			try {
				extension.sessionActive(session);
			}
			catch (RuntimeException ex) {
				logger.error("Extension " + extension + " failed on the session with '" + session.getNodeId() + "'", ex);
			}
		}
	}

	void sessionEnded(PeerSession session, String detail) {
		for (SessionExtension extension : this.extensions) {
			try {
				extension.sessionEnded(session, detail);
			}
			catch (RuntimeException ex) {
				logger.error("Extension " + extension + " failed on the end of '" + session.getNodeId() + "'", ex);
			}
		}
	}

}
