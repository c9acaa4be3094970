package io.tern.jms.internal.producer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoredTopicsTest {
    @Test
    void remembersWhatABrokerStored() {
        StoredTopics t = new StoredTopics();
        assertThat(t.stored("orders")).isFalse();
        t.learned("orders");
        assertThat(t.stored("orders")).isTrue();
    }

    @Test
    void forgetsTheLeastRecentlyLearnedBeyondItsBound() {
        StoredTopics t = new StoredTopics();
        t.learned("kept");
        for (int i = 0; i < StoredTopics.MAX - 1; i++) {
            t.learned("t" + i);
        }
        t.learned("kept"); // a send to it again: most recent now
        t.learned("one more");
        assertThat(t.size()).isEqualTo(StoredTopics.MAX);
        assertThat(t.stored("kept")).isTrue();
        assertThat(t.stored("t0")).as("the least recent one made room").isFalse();
    }
}
