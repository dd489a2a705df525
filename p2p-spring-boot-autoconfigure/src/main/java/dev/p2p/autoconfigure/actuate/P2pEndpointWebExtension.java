package dev.p2p.autoconfigure.actuate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

import dev.p2p.autoconfigure.actuate.P2pEndpoint.PeerDescriptor;

/**
 * HTTP statuses for the {@link P2pEndpoint}'s write operations: a connect that fails answers
 * 400 (bad address) or 502 (no session) with the reason in the body, instead of a bare 500; a
 * disconnect of a peer that is not connected answers 404.
 */
@EndpointWebExtension(endpoint = P2pEndpoint.class)
public class P2pEndpointWebExtension {

	/** Status of a connect that reached no session: the peer, not this node, failed. */
	static final int STATUS_BAD_GATEWAY = 502;

	private final P2pEndpoint endpoint;

	/**
	 * Create the extension.
	 * @param endpoint the endpoint it answers for
	 */
	public P2pEndpointWebExtension(P2pEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * {@link P2pEndpoint#connect(String, String)} over HTTP: {@code {"address": "host:port"}} or
	 * {@code {"nodeId": "..."}} (through the relays).
	 * @param address where the peer listens, or {@code null}
	 * @param nodeId the node to reach through a relay, or {@code null}
	 * @return the connected peer (200), or a {@link ConnectFailure} (400 or 502)
	 */
	@WriteOperation
	public WebEndpointResponse<OperationResponseBody> connect(@Nullable String address, @Nullable String nodeId) {
		String target = (nodeId != null && address == null) ? nodeId : String.valueOf(address);
		try {
			return new WebEndpointResponse<>(this.endpoint.connect(address, nodeId));
		}
		catch (InvalidEndpointRequestException ex) {
			return new WebEndpointResponse<>(new ConnectFailure(target, ex.getReason()),
					WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		catch (PeerConnectException ex) {
			return new WebEndpointResponse<>(new ConnectFailure(target, ex.getMessage()), STATUS_BAD_GATEWAY);
		}
	}

	/**
	 * {@link P2pEndpoint#connect(String)} over HTTP.
	 * @param address where the peer listens
	 * @return the connected peer (200), or a {@link ConnectFailure} (400 or 502)
	 */
	public WebEndpointResponse<OperationResponseBody> connect(String address) {
		try {
			return new WebEndpointResponse<>(this.endpoint.connect(address));
		}
		catch (InvalidEndpointRequestException ex) {
			return new WebEndpointResponse<>(new ConnectFailure(address, ex.getReason()),
					WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		catch (PeerConnectException ex) {
			return new WebEndpointResponse<>(new ConnectFailure(address, ex.getMessage()), STATUS_BAD_GATEWAY);
		}
	}

	/**
	 * {@link P2pEndpoint#disconnect(String)} over HTTP.
	 * @param nodeId the peer's node id
	 * @return the peer as the request left it (200), or 404 when it was not connected
	 */
	@DeleteOperation
	public WebEndpointResponse<PeerDescriptor> disconnect(@Selector String nodeId) {
		PeerDescriptor peer = this.endpoint.disconnect(nodeId);
		return (peer != null) ? new WebEndpointResponse<>(peer)
				: new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
	}

	/**
	 * Why a connect request produced no session.
	 *
	 * @param address the address as requested
	 * @param error what went wrong
	 */
	public record ConnectFailure(String address, String error) implements OperationResponseBody {
	}

}
