package io.tern.broker;

import io.tern.client.LeaseConsumer;
import io.tern.client.LeasedMessage;
import io.tern.message.MessageId;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** Test helper: receives from a lease consumer the way several ITs check what a receiver gets. */
final class LeaseDrain {
    private LeaseDrain() {
    }

    /**
     * Receives {@code batch} at a time, acking each, until {@code want} messages came, then once more (so extra
     * deliveries show); returns the indexes {@code sent} gives their ids, duplicates kept.
     */
    static List<Integer> drain(LeaseConsumer c, Map<MessageId, Integer> sent, int want, int batch) {
        List<Integer> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (LeasedMessage m : c.receive(batch, Duration.ofMillis(200))) {
                got.add(sent.get(m.message().id()));
                c.ack(m);
            }
            return got.size() >= want;
        });
        c.receive(batch, Duration.ofMillis(300)).forEach(m -> got.add(sent.get(m.message().id())));
        return got;
    }
}
