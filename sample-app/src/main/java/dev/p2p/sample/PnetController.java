package dev.p2p.sample;

import java.util.concurrent.CompletableFuture;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

import dev.p2p.compat.pnet.PnetCallException;
import dev.p2p.compat.pnet.PnetNode;
import dev.p2p.peer.PeerNotConnectedException;

/**
 * {@code POST /pnet/{peer}/{function}} with a JSON array of arguments: calls that function on a
 * pnet node (known from its adverts) and answers with its JSON value. Needs
 * {@code p2p.pnet.enabled=true}.
 */
@RestController
public class PnetController {

	private final ObjectProvider<PnetNode> pnet;

	PnetController(ObjectProvider<PnetNode> pnet) {
		this.pnet = pnet;
	}

	@PostMapping("/pnet/{peer}/{function}")
	CompletableFuture<JsonNode> call(@PathVariable String peer, @PathVariable String function,
			@RequestBody ArrayNode args) {
		PnetNode node = this.pnet.getIfAvailable();
		if (node == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "the pnet profile is off (p2p.pnet.enabled=false)");
		}
		return node.call(peer, function, args);
	}

	@ExceptionHandler(PnetCallException.class)
	ResponseEntity<String> failed(PnetCallException ex) {
		return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(ex.getDescription());
	}

	@ExceptionHandler(PeerNotConnectedException.class)
	ResponseEntity<String> unknown(PeerNotConnectedException ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ex.getMessage());
	}

}
