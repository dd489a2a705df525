package dev.p2p.test.sample;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import dev.p2p.event.PeerDisconnectedEvent;

/**
 * Records the disconnections of one node from now on.
 */
final class Recorder implements ApplicationListener<PeerDisconnectedEvent> {

	private final List<PeerDisconnectedEvent> disconnects = new CopyOnWriteArrayList<>();

	static Recorder of(ConfigurableApplicationContext context) {
		Recorder recorder = new Recorder();
		context.addApplicationListener(recorder);
		return recorder;
	}

	@Override
	public void onApplicationEvent(PeerDisconnectedEvent event) {
		this.disconnects.add(event);
	}

	List<PeerDisconnectedEvent> disconnects() {
		return List.copyOf(this.disconnects);
	}

}
