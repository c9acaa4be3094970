package io.tern.store;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreConfigTest {
    private final StoreConfig.Builder b = StoreConfig.builder(Path.of("/tmp/x"));

    @Test
    void defaultsAreTheDocumentedOnes() {
        StoreConfig c = b.build();
        assertThat(c.segmentSize()).isEqualTo(1L << 30);
        assertThat(c.flushMode()).isEqualTo(FlushMode.ASYNC);
        assertThat(c.retention()).isEqualTo(Duration.ofHours(72));
        assertThat(c.diskUsageCeiling()).isEqualTo(0.85);
        assertThat(c.commitLogDir()).isEqualTo(Path.of("/tmp/x/commitlog"));
    }

    @Test
    void badValuesNameTheSettingTheValueAndTheLimit() {
        assertThatThrownBy(() -> b.segmentSize(1000).build())
                .hasMessageContaining("segmentSize = 1000").hasMessageContaining("maxMessageSize + 8");
        assertThatThrownBy(() -> b.segmentSize(3L << 30).build()).hasMessageContaining("at most 2 GiB");
        assertThatThrownBy(() -> StoreConfig.builder(Path.of("x")).diskUsageCeiling(1.5).build())
                .hasMessageContaining("diskUsageCeiling = 1.5");
        assertThatThrownBy(() -> StoreConfig.builder(Path.of("x")).retention(Duration.ZERO).build())
                .hasMessageContaining("retention = PT0S").hasMessageContaining("positive");
        assertThatThrownBy(() -> StoreConfig.builder(Path.of("x")).writeQueueCapacity(0).build())
                .hasMessageContaining("writeQueueCapacity = 0");
        assertThatThrownBy(() -> StoreConfig.builder(Path.of("x")).indexSlots(1_000_000).indexEntries(200_000_000).build())
                .hasMessageContaining("2 GiB");
    }

    @Test
    void aStoreOpenedWithAnotherSegmentSizeRefusesClearly(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        TestClock clock = new TestClock(0);
        try (MessageStore store = MessageStore.open(StoreFixture.small(dir, clock).build())) {
            StoreFixture.appendNow(store, TestMessages.message(0, "t", 0));
        }
        assertThatThrownBy(() -> MessageStore.open(StoreFixture.small(dir, clock).segmentSize(4 * 1024).build()))
                .isInstanceOf(StoreException.class).hasMessageContaining("another segmentSize");
    }
}
