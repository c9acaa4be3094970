package io.tern.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link QueueState#commitOffset}: one past what was polled, never past a message still buffered or in flight. */
class QueueStateTest {
    private final QueueState s = new QueueState(new MessageQueue("t", "broker-a", 0), 10);

    @Test
    void withNothingWaitingItIsOnePastTheHighestPolled() {
        assertThat(s.commitOffset()).isEqualTo(10);
        s.consumed = 15;
        assertThat(s.commitOffset()).isEqualTo(15);
    }

    @Test
    void aHighPriorityPolledAheadOfBufferedOnesDoesNotCommitPastThem() {
        for (long offset = 10; offset < 15; offset++) {
            s.buffered.add(offset);
        }
        s.buffered.remove(14L); // offset 14, the high priority, polled first
        s.consumed = 15;
        assertThat(s.commitOffset()).isEqualTo(10);
        s.buffered.remove(10L);
        s.buffered.remove(11L);
        assertThat(s.commitOffset()).isEqualTo(12);
        s.buffered.clear();
        assertThat(s.commitOffset()).isEqualTo(15);
    }

    @Test
    void theLowestOfBufferedAndInFlightHoldsItBack() {
        s.consumed = 20;
        s.buffered.add(17L);
        s.inFlight.add(12L);
        assertThat(s.commitOffset()).isEqualTo(12);
        s.inFlight.remove(12L);
        assertThat(s.commitOffset()).isEqualTo(17);
    }

    @Test
    void bufferedOffsetsAbovePolledOnesDoNotRaiseIt() {
        s.consumed = 12;
        s.buffered.add(30L);
        assertThat(s.commitOffset()).isEqualTo(12);
    }
}
