package io.tern.examples.flashsale;

import io.tern.examples.EmbeddedTern;
import io.tern.examples.support.Counter;
import io.tern.jms.TernConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Semaphore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flash sale against an embedded broker, with a stock system that takes a purchase only when the test hands it a
 * permit: the burst stores exactly the limit and refuses the rest with the clear error; the workers then process
 * exactly what the stock system allows, step by step, never more at once than there are workers.
 */
class FlashSaleExampleTest {
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
    void theBurstIsCutAtTheBacklogLimitAndTheWorkersDrainAtTheAllowedRate() throws Exception {
        Semaphore permits = new Semaphore(0);
        StockSystem gated = purchase -> permits.acquire();
        String ns = tern.url().substring("tern://".length());
        FlashSaleExample.Outcome o = FlashSaleExample.run(new TernConnectionFactory(tern.url()), ns, 10_000, 500, 4, gated,
                processed -> drainInSteps(permits, processed), new PrintStream(OutputStream.nullOutputStream()));

        assertThat(o.queued()).as("nothing is processed during the burst, so the queue takes exactly its limit").isEqualTo(500);
        assertThat(o.refused()).isEqualTo(9_500);
        assertThat(o.refusalPage()).isEqualTo("sold out / try later");
        assertThat(o.refusalReason()).contains("flash-sale", "maxBacklogMessages 500", "policy FAIL");
        assertThat(o.processed()).isEqualTo(501);
        assertThat(o.mostAtOnce()).isLessThanOrEqualTo(4);
        assertThat(o.queuedAgainAfterDrain()).as("with the backlog gone the sale takes requests again").isTrue();
    }

    /** Lets the stock system take 100 purchases at a time, and checks the workers did exactly that many. */
    private static void drainInSteps(Semaphore permits, Counter processed) {
        try {
            for (int granted = 100; granted <= 500; granted += 100) {
                permits.release(100);
                processed.awaitAtLeast(granted, Duration.ofSeconds(30));
                assertThat(processed.get()).as("processed with " + granted + " permits").isEqualTo(granted);
            }
            permits.release(1); // for the request after the drain
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
