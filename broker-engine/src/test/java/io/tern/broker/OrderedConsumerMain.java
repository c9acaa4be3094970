package io.tern.broker;

import io.tern.client.PullConsumer;
import io.tern.client.PushConsumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * An orderly push consumer in a child JVM, for crash tests: prints {@code READY}, then one line per processed message
 * (its body, {@code key:seq}) before the listener returns, and runs until killed. Arguments: nameServer, group, topic.
 */
public final class OrderedConsumerMain {
    private OrderedConsumerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        PushConsumer.builder().nameServers(args[0]).group(args[1]).topic(args[2]).from(PullConsumer.From.FIRST)
                .orderly(true).concurrency(4)
                .pull(p -> p.rebalanceInterval(Duration.ofMillis(300)).autoCommitInterval(Duration.ofMillis(200))
                        .pullBatch(8).maxCachedPerQueue(16))
                .listener(m -> {
                    synchronized (System.out) {
                        System.out.println(new String(m.message().body(), StandardCharsets.UTF_8));
                        System.out.flush();
                    }
                })
                .build();
        System.out.println("READY");
        System.out.flush();
        new CountDownLatch(1).await(); // until SIGKILL
    }
}
