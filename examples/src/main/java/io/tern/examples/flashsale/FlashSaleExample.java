package io.tern.examples.flashsale;

import io.tern.client.Admin;
import io.tern.examples.support.Counter;
import io.tern.examples.support.Url;
import io.tern.jms.TernConnectionFactory;
import io.tern.protocol.TopicConfig;
import jakarta.jms.ConnectionFactory;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * <b>Peak shaving: a flash sale.</b> A burst of purchase requests (10,000 from 8 threads) goes into the
 * {@code flash-sale} queue; 4 workers take them to a stock system that allows 500 a second. The queue's topic has a
 * backlog limit (1,000 unprocessed requests, policy FAIL): past it, a request is refused at once and the buyer sees
 * "sold out / try later" instead of waiting behind thousands. The limit is a setting of the topic: this program sets
 * it through the native admin client, as {@code tern admin topic create --topic flash-sale --max-backlog 1000} does.
 *
 * <p>Run: {@code ./tern standalone} in one terminal, {@code examples/run flash-sale} in another.
 */
public final class FlashSaleExample {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final int FRONT_THREADS = 8;

    /** What happened: requests queued and refused, the first refusal's reason, purchases processed. */
    public record Outcome(int queued, int refused, String refusalPage, String refusalReason, long processed, int mostAtOnce,
                          boolean queuedAgainAfterDrain) {
    }

    public static void main(String[] args) throws Exception {
        String url = Url.from(args);
        Outcome o = run(new TernConnectionFactory(url), Url.nameServers(url), 10_000, 1_000, 4, StockSystem.paced(500),
                processed -> { }, System.out);
        System.out.printf("%d requests queued, %d refused at once; %d purchases processed, at most %d at a time%n",
                o.queued(), o.refused(), o.processed(), o.mostAtOnce());
    }

    /**
     * Sets the limit, starts the workers, sends the burst, runs {@code afterBurst} with the processed count, waits until
     * every queued request is processed, and checks the sale takes requests again.
     */
    public static Outcome run(ConnectionFactory factory, String nameServers, int requests, long backlogLimit, int workers,
                              StockSystem stock, Consumer<Counter> afterBurst, PrintStream out) throws Exception {
        try (Admin admin = new Admin(List.of(nameServers.split(",")))) {
            admin.createTopic(TopicConfig.of(PurchaseFront.QUEUE, TopicConfig.DEFAULT_QUEUES).withMaxBacklogMessages(backlogLimit));
        }
        out.println("sale: topic " + PurchaseFront.QUEUE + " refuses sends past " + backlogLimit + " unprocessed requests");
        Counter processed = new Counter("purchases processed");
        SaleWorkers pool = new SaleWorkers(factory, workers, stock, processed, out);
        try {
            AtomicInteger queued = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            AtomicReference<PurchaseFront.Answer> firstRefusal = new AtomicReference<>();
            burst(factory, requests, queued, refused, firstRefusal, out);
            out.printf("sale: burst over: %d queued, %d refused%n", queued.get(), refused.get());
            afterBurst.accept(processed);
            processed.awaitAtLeast(queued.get(), PATIENCE);
            boolean again;
            try (PurchaseFront front = new PurchaseFront(factory)) {
                again = front.request("late-buyer", "phone").queued();
            }
            processed.awaitAtLeast(queued.get() + (again ? 1 : 0), PATIENCE);
            out.println("sale: all queued requests processed; a new request is " + (again ? "queued" : "refused"));
            PurchaseFront.Answer r = firstRefusal.get();
            return new Outcome(queued.get(), refused.get(), r == null ? null : r.page(), r == null ? null : r.reason(),
                    processed.get(), pool.mostAtOnce(), again);
        } finally {
            pool.stop();
        }
    }

    private static void burst(ConnectionFactory factory, int requests, AtomicInteger queued, AtomicInteger refused,
                              AtomicReference<PurchaseFront.Answer> firstRefusal, PrintStream out) throws Exception {
        ExecutorService front = Executors.newFixedThreadPool(FRONT_THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < FRONT_THREADS; t++) {
                int first = t;
                done.add(front.submit(() -> {
                    try (PurchaseFront page = new PurchaseFront(factory)) {
                        for (int i = first; i < requests; i += FRONT_THREADS) {
                            PurchaseFront.Answer a = page.request("buyer-" + i, "phone");
                            if (a.queued()) {
                                queued.incrementAndGet();
                            } else if (refused.incrementAndGet() == 1) {
                                firstRefusal.set(a);
                                out.println("buyer-" + i + " sees \"" + a.page() + "\" (broker: " + a.reason() + ")");
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            front.shutdown();
        }
    }
}
