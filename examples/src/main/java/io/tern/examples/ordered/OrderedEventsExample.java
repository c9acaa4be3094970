package io.tern.examples.ordered;

import io.tern.client.Admin;
import io.tern.client.PullConsumer;
import io.tern.client.PushConsumer;
import io.tern.examples.support.Counter;
import io.tern.examples.support.Url;
import io.tern.jms.TernConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * <b>Ordered events.</b> Many orders go through created, paid, shipped, completed, their events interleaved. The
 * producer (plain JMS) sets {@code JMSXGroupID} = order id: Tern's sharding key, so one order's events land in one
 * queue of the topic, in send order. Three consumers process the topic in parallel with the native <b>orderly</b>
 * consumer: each locks its queues on the broker and handles a queue's messages one at a time, so every order's events
 * are processed in order while different orders run in parallel.
 *
 * <p>Why the native consumer: a JMS queue's consumers compete per message (lease mode), so two consumers may each
 * hold an event of the same order at once; Tern's JMS layer has no sticky message groups yet. Ordered consumption
 * is a native feature (docs/broker.md, "Ordered messages").
 *
 * <p>Run: {@code ./tern standalone} in one terminal, {@code examples/run ordered} in another.
 */
public final class OrderedEventsExample {
    static final String TOPIC = "order-lifecycle";
    static final String GROUP = "fulfilment";
    static final List<String> STEPS = List.of("created", "paid", "shipped", "completed");

    /** What happened: per order the steps in the order processed, and per consumer how many it processed. */
    public record Outcome(Map<String, List<String>> stepsByOrder, List<Integer> processedByConsumer) {
    }

    public static void main(String[] args) throws Exception {
        Outcome o = run(Url.from(args), 20, 3, System.out);
        System.out.println("processed per consumer: " + o.processedByConsumer() + "; every order in order: "
                + o.stepsByOrder().values().stream().allMatch(STEPS::equals));
    }

    public static Outcome run(String url, int orders, int consumers, PrintStream out) throws Exception {
        String ns = Url.nameServers(url);
        try (Admin admin = new Admin(List.of(ns.split(",")))) {
            admin.createTopic(TOPIC, 4);
        }
        Map<String, List<String>> steps = new ConcurrentHashMap<>();
        List<Counter> perConsumer = new ArrayList<>();
        List<PushConsumer> pool = new CopyOnWriteArrayList<>();
        Counter total = new Counter("order events processed");
        try {
            for (int i = 1; i <= consumers; i++) {
                Counter mine = new Counter("consumer " + i);
                perConsumer.add(mine);
                String name = "consumer-" + i;
                pool.add(PushConsumer.builder().nameServers(ns).group(GROUP).topic(TOPIC).from(PullConsumer.From.LAST)
                        .orderly(true).concurrency(2).listener(m -> {
                            String order = (String) m.message().properties().get("JMSXGroupID");
                            String step = new String(m.message().body(), StandardCharsets.UTF_8);
                            steps.computeIfAbsent(order, k -> new CopyOnWriteArrayList<>()).add(step);
                            out.println(name + ": " + order + " " + step);
                            mine.increment();
                            total.increment();
                        }).build());
            }
            awaitEveryQueueOwned(pool);
            publish(url, orders, out);
            total.awaitAtLeast((long) orders * STEPS.size(), Duration.ofSeconds(60));
        } finally {
            pool.forEach(PushConsumer::close);
        }
        return new Outcome(Map.copyOf(steps), perConsumer.stream().map(c -> (int) c.get()).toList());
    }

    /** Interleaves the orders: every order's "created", then every order's "paid", and so on. */
    private static void publish(String url, int orders, PrintStream out) {
        try (JMSContext context = new TernConnectionFactory(url).createContext()) {
            JMSProducer producer = context.createProducer();
            Queue topic = context.createQueue(TOPIC);
            for (String step : STEPS) {
                for (int i = 1; i <= orders; i++) {
                    producer.setProperty("JMSXGroupID", "order-" + i).send(topic, step);
                }
                out.println("producer: sent '" + step + "' for " + orders + " orders");
            }
        }
    }

    /** Waits until the group's members have split the topic's 4 queues among them (so no event waits for a rebalance). */
    private static void awaitEveryQueueOwned(List<PushConsumer> pool) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (pool.stream().mapToInt(c -> c.assignment().size()).sum() < 4 || pool.stream().anyMatch(c -> c.assignment().isEmpty())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the consumers did not share the 4 queues within 60 s: "
                        + pool.stream().map(PushConsumer::assignment).toList());
            }
            Thread.sleep(50); // polling the assignment: the consumer has no event for it
        }
    }
}
