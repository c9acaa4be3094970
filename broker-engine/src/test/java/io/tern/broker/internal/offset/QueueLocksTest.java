package io.tern.broker.internal.offset;

import io.netty.channel.embedded.EmbeddedChannel;
import io.tern.store.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Grant, renewal, refusal, expiry and release of queue locks, on a test clock. */
class QueueLocksTest {
    final TestClock clock = new TestClock(1_000);
    final QueueLocks locks = new QueueLocks(clock, 60_000);
    final EmbeddedChannel a = new EmbeddedChannel();
    final EmbeddedChannel b = new EmbeddedChannel();

    @Test
    void aFreeQueueIsGrantedAndAnotherClientIsRefused() {
        assertThat(locks.lock("g", "T", "c1", List.of(0, 1), a)).containsExactly(0, 1);
        assertThat(locks.lock("g", "T", "c2", List.of(1, 2), b)).containsExactly(2);
        assertThat(locks.holder("g", "T", 1)).isEqualTo("c1");
        assertThat(locks.holder("g", "T", 2)).isEqualTo("c2");
    }

    @Test
    void groupsAndTopicsLockIndependently() {
        locks.lock("g", "T", "c1", List.of(0), a);
        assertThat(locks.lock("h", "T", "c2", List.of(0), b)).containsExactly(0);
        assertThat(locks.lock("g", "U", "c2", List.of(0), b)).containsExactly(0);
    }

    @Test
    void theHolderRenewsAndTheLockExpiresOnlyAfterItsLastRenewal() {
        locks.lock("g", "T", "c1", List.of(0), a);
        clock.advance(Duration.ofSeconds(50));
        assertThat(locks.lock("g", "T", "c1", List.of(0), a)).containsExactly(0); // renewed: now expires at 110 s
        clock.advance(Duration.ofSeconds(50));
        assertThat(locks.lock("g", "T", "c2", List.of(0), b)).isEmpty();
        clock.advance(Duration.ofSeconds(10)); // exactly 60 s after the renewal
        assertThat(locks.holder("g", "T", 0)).isNull();
        assertThat(locks.lock("g", "T", "c2", List.of(0), b)).containsExactly(0);
        assertThat(locks.lock("g", "T", "c1", List.of(0), a)).isEmpty();
    }

    @Test
    void unlockReleasesOnlyTheCallersLocks() {
        locks.lock("g", "T", "c1", List.of(0), a);
        locks.lock("g", "T", "c2", List.of(1), b);
        locks.unlock("g", "T", "c1", List.of(0, 1));
        assertThat(locks.holder("g", "T", 0)).isNull();
        assertThat(locks.holder("g", "T", 1)).isEqualTo("c2");
    }

    @Test
    void aClosedConnectionReleasesEveryLockTakenThroughIt() {
        locks.lock("g", "T", "c1", List.of(0, 1), a);
        locks.lock("h", "U", "c1", List.of(3), a);
        locks.lock("g", "T", "c2", List.of(2), b);
        locks.connectionClosed(a);
        assertThat(locks.lock("g", "T", "c2", List.of(0, 1, 2), b)).containsExactly(0, 1, 2);
        assertThat(locks.holder("h", "U", 3)).isNull();
    }

    @Test
    void aRenewalOnANewConnectionMovesTheLockThere() {
        locks.lock("g", "T", "c1", List.of(0), a);
        locks.lock("g", "T", "c1", List.of(0), b); // the client reconnected
        locks.connectionClosed(a);
        assertThat(locks.holder("g", "T", 0)).isEqualTo("c1");
    }
}
