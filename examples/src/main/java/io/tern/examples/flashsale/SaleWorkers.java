package io.tern.examples.flashsale;

import io.tern.examples.support.Counter;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.TextMessage;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed pool of workers, each a competing consumer of the {@code flash-sale} queue, that hand purchases to the
 * stock system no faster than it takes them. However big the burst, the stock system sees at most {@code size}
 * purchases at once; the queue absorbs the rest. Thread rules: each worker owns its thread and JMSContext;
 * {@code start}/{@code stop} from the owner's thread.
 */
public final class SaleWorkers {
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicInteger mostBusy = new AtomicInteger();
    private volatile boolean running = true;

    /** Starts {@code size} workers; each processed purchase counts in {@code processed}. */
    public SaleWorkers(ConnectionFactory factory, int size, StockSystem stock, Counter processed, PrintStream out) {
        for (int i = 1; i <= size; i++) {
            JMSContext context = factory.createContext(JMSContext.CLIENT_ACKNOWLEDGE);
            JMSConsumer consumer = context.createConsumer(context.createQueue(PurchaseFront.QUEUE));
            String name = "worker-" + i;
            Thread t = new Thread(() -> work(context, consumer, stock, processed, name, out), name);
            threads.add(t);
            t.start();
        }
    }

    private void work(JMSContext context, JMSConsumer consumer, StockSystem stock, Counter processed, String name, PrintStream out) {
        try (context) {
            while (running) {
                TextMessage m = (TextMessage) consumer.receive(200); // short, so that stop() is seen soon
                if (m != null) {
                    mostBusy.accumulateAndGet(busy.incrementAndGet(), Math::max);
                    stock.reserve(m.getText());
                    busy.decrementAndGet();
                    m.acknowledge(); // only now is the request off the backlog: the limit counts what is not processed
                    long n = processed.increment();
                    if (n % 100 == 0) {
                        out.println(name + ": " + n + " purchases processed");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            out.println(name + ": failed: " + e);
        }
    }

    /** The most purchases the stock system had at once. */
    public int mostAtOnce() {
        return mostBusy.get();
    }

    public void stop() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join();
        }
    }
}
