package io.tern.examples.distribution;

import io.tern.examples.EmbeddedTern;
import io.tern.jms.TernConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data distribution against an embedded broker: a cache held still until the others are done shows each group goes
 * at its own pace; each gets every update in publish order; analytics' replay from the timestamp between the batches
 * delivers exactly the second batch again.
 */
class DistributionExampleTest {
    static EmbeddedTern tern;

    @BeforeAll
    static void start() {
        tern = new EmbeddedTern();
    }

    @AfterAll
    static void stop() {
        tern.close();
    }

    @Test
    void threeGroupsAtTheirOwnPaceAndAReplayFromATimestamp() throws Exception {
        // the cache is stuck on its first update until analytics and search have handled all 50: had they to wait for
        // the cache, the example could never get there (it waits for both before the replay)
        CountDownLatch cacheMayGo = new CountDownLatch(1);
        AtomicInteger othersHandled = new AtomicInteger();
        Subscriber.Pace other = u -> {
            if (othersHandled.incrementAndGet() == 100) {
                cacheMayGo.countDown();
            }
        };
        Subscriber.Pace heldCache = u -> cacheMayGo.await();
        String ns = tern.url().substring("tern://".length());
        DistributionExample.Outcome o = DistributionExample.run(new TernConnectionFactory(tern.url()), ns, 25, other, other, heldCache,
                new PrintStream(OutputStream.nullOutputStream()));

        List<String> both = new ArrayList<>(o.batch1());
        both.addAll(o.batch2());
        assertThat(o.search()).as("search: every update, in publish order").containsExactlyElementsOf(both);
        assertThat(o.cache()).as("cache: every update, in publish order, at its own pace").containsExactlyElementsOf(both);
        List<String> replayed = new ArrayList<>(both);
        replayed.addAll(o.batch2());
        assertThat(o.analytics()).as("analytics: everything, then the second batch again").containsExactlyElementsOf(replayed);
    }
}
