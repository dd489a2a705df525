package dev.p2p.peer;

/**
 * The peer answered a request with an ERROR: its listener threw, no listener handles the
 * type, or the payload did not decode there. Carries the remote exception's type name and
 * message; the remote stack trace is never sent.
 */
public class RemotePacketException extends RuntimeException {

	private final String remoteType;

	/**
	 * Create an exception.
	 * @param peer the peer that answered
	 * @param remoteType the remote exception's type name
	 * @param remoteMessage its message
	 */
	public RemotePacketException(String peer, String remoteType, String remoteMessage) {
		super("Peer '" + peer + "' failed the request: " + remoteType + ": " + remoteMessage);
		this.remoteType = remoteType;
	}

	/**
	 * The remote exception's type.
	 * @return a class name, or a kind such as {@code NoListener}
	 */
	public String getRemoteType() {
		return this.remoteType;
	}

}
