package io.tern.broker.internal.delay;

import io.tern.store.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@link TimerCheckpoint} file: fixed bytes, watermark compaction, damage refused. */
class DelayTimerCheckpointTest {
    @TempDir
    Path dir;

    @Test
    void layoutIsMagicWatermarkWordsCrc() throws Exception {
        Path file = dir.resolve("timer/checkpoint");
        TimerCheckpoint c = TimerCheckpoint.load(file);
        assertThat(c.watermark()).isZero();
        c.markDone(0);
        c.markDone(1);
        c.markDone(3); // 2 is still pending: the watermark stops at it
        c.save();
        byte[] b = Files.readAllBytes(file);
        assertThat(HexFormat.of().formatHex(b, 0, 24)).isEqualTo("54544331" + "0000000000000002" + "00000001" + "0000000000000002");
        assertThat(b).hasSize(28);
        TimerCheckpoint back = TimerCheckpoint.load(file);
        assertThat(back.watermark()).isEqualTo(2);
        assertThat(back.isDone(1)).isTrue();
        assertThat(back.isDone(2)).isFalse();
        assertThat(back.isDone(3)).isTrue();
        assertThat(back.isDone(4)).isFalse();
        back.markDone(2);
        back.compact();
        assertThat(back.watermark()).isEqualTo(4);
    }

    @Test
    void aDamagedFileFailsNamingIt() throws Exception {
        Path file = dir.resolve("checkpoint");
        TimerCheckpoint c = TimerCheckpoint.load(file);
        c.markDone(5);
        c.save();
        byte[] b = Files.readAllBytes(file);
        b[b.length - 6] ^= 1;
        Files.write(file, b);
        assertThatThrownBy(() -> TimerCheckpoint.load(file)).isInstanceOf(StoreException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("CRC");
        Files.write(file, ByteBuffer.allocate(8).putInt(0x12345678).array());
        assertThatThrownBy(() -> TimerCheckpoint.load(file)).hasMessageContaining("no TTC1 header");
    }
}
