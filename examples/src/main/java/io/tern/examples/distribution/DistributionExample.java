package io.tern.examples.distribution;

import io.tern.client.Admin;
import io.tern.examples.support.Counter;
import io.tern.examples.support.Url;
import io.tern.jms.TernConnectionFactory;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Topic;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * <b>Data distribution.</b> One producer publishes product updates on a topic; analytics, the search index and a
 * cache each read all of them through their own durable subscription, at their own pace (the cache is slow). Then
 * analytics <b>replays from a timestamp</b>: its subscription is reset to the time between the two batches (the
 * native admin call behind {@code tern admin group reset --group D.analytics.updates --topic product-updates --to
 * TIME}) and it reads the second batch again; the others are not touched.
 *
 * <p>Run: {@code ./tern standalone} in one terminal, {@code examples/run distribution} in another.
 */
public final class DistributionExample {
    static final String TOPIC = "product-updates";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** What each system received (analytics: both batches, then the second batch again); the batches sent. */
    public record Outcome(List<String> batch1, List<String> batch2, List<String> analytics, List<String> search, List<String> cache,
                          long cacheWhenOthersDone) {
    }

    public static void main(String[] args) throws Exception {
        Outcome o = run(new TernConnectionFactory(Url.from(args)), Url.nameServers(Url.from(args)), 30,
                u -> Thread.sleep(5), u -> Thread.sleep(5), u -> Thread.sleep(100), System.out);
        System.out.printf("analytics %d (with the replay), search %d, cache %d updates%n",
                o.analytics().size(), o.search().size(), o.cache().size());
    }

    /** Publishes two batches of {@code perBatch} updates, waits for analytics and search, replays analytics, waits for the cache. */
    public static Outcome run(ConnectionFactory factory, String nameServers, int perBatch, Subscriber.Pace analyticsPace,
                              Subscriber.Pace searchPace, Subscriber.Pace cachePace, PrintStream out) throws Exception {
        List<String> analyticsLog = Subscriber.newLog();
        Counter analyticsCount = new Counter("analytics updates");
        Subscriber analytics = new Subscriber(factory, "analytics", analyticsPace, analyticsLog, analyticsCount, out);
        try (Subscriber search = new Subscriber(factory, "search-index", searchPace, Subscriber.newLog(), new Counter("search updates"), out);
             Subscriber cache = new Subscriber(factory, "cache", cachePace, Subscriber.newLog(), new Counter("cache updates"), out);
             JMSContext context = factory.createContext()) {
            JMSProducer producer = context.createProducer();
            Topic topic = context.createTopic(TOPIC);
            List<String> batch1 = publish(producer, topic, "batch1", perBatch);
            Instant between = tickPast(Instant.now());
            List<String> batch2 = publish(producer, topic, "batch2", perBatch);
            out.println("producer: published " + 2 * perBatch + " updates; the second batch from " + between);

            analyticsCount.awaitAtLeast(2L * perBatch, PATIENCE);
            search.count().awaitAtLeast(2L * perBatch, PATIENCE);
            long cacheThen = cache.count().get();
            out.println("analytics and search have everything; the cache has " + cacheThen + " so far");

            analytics.close();
            try (Admin admin = new Admin(List.of(nameServers.split(",")))) {
                admin.resetGroup("D.analytics." + Subscriber.SUBSCRIPTION, TOPIC, new Admin.AtTime(between));
            }
            out.println("analytics: subscription reset to " + between + ", replaying");
            analytics = new Subscriber(factory, "analytics", analyticsPace, analyticsLog, analyticsCount, out);
            analyticsCount.awaitAtLeast(3L * perBatch, PATIENCE);
            cache.count().awaitAtLeast(2L * perBatch, PATIENCE);
            return new Outcome(batch1, batch2, List.copyOf(analyticsLog), search.received(), cache.received(), cacheThen);
        } finally {
            analytics.close();
        }
    }

    private static List<String> publish(JMSProducer producer, Topic topic, String batch, int n) {
        List<String> sent = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String update = batch + ": product-" + i + " price " + (100 + i);
            producer.send(topic, update);
            sent.add(update);
        }
        return sent;
    }

    /**
     * The first millisecond after {@code t}, once the clock has passed it: every update sent before was stored at or
     * before {@code t} (the broker stamps store times on the same clock), every update sent after at or after the result.
     */
    private static Instant tickPast(Instant t) {
        long ms = t.toEpochMilli();
        while (System.currentTimeMillis() <= ms) {
            Thread.onSpinWait();
        }
        return Instant.ofEpochMilli(ms + 1);
    }
}
