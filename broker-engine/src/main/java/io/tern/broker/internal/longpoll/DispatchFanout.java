package io.tern.broker.internal.longpoll;

import io.tern.store.DispatchListener;

import java.util.List;

/** Tells several listeners of each dispatch (the store takes one). Runs on the dispatcher thread; immutable. */
public record DispatchFanout(List<DispatchListener> listeners) implements DispatchListener {
    public DispatchFanout {
        listeners = List.copyOf(listeners);
    }

    @Override
    public void dispatched(String topic, int queueId, long maxOffset) {
        for (DispatchListener l : listeners) {
            l.dispatched(topic, queueId, maxOffset);
        }
    }
}
