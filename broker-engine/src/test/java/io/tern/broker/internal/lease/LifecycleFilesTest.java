package io.tern.broker.internal.lease;

import io.tern.protocol.Headers;
import io.tern.store.StoreException;
import io.tern.store.internal.CheckedFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fixed bytes of the lifecycle's journal records, the TLC2 lease checkpoint (and TLC1 still read), and CheckedFile. */
class LifecycleFilesTest {
    private static final HexFormat HEX = HexFormat.of();
    @TempDir
    Path dir;

    private static String crc(String payloadHex) {
        CRC32C c = new CRC32C();
        c.update(HEX.parseHex(payloadHex));
        return String.format("%08x", (int) c.getValue());
    }

    @Test
    void theLifecycleRecordsHaveFixedBytes() {
        // | length | crc32c | type | queueId | offset | deliveries | group | topic |
        for (byte type : new byte[] {JournalRecord.OPEN_EPHEMERAL, JournalRecord.DELETE, JournalRecord.DURABLE}) {
            int queue = type == JournalRecord.OPEN_EPHEMERAL ? 1 : -1;
            long offset = type == JournalRecord.OPEN_EPHEMERAL ? 7 : 0;
            String payload = String.format("%02x", type) + String.format("%08x", queue) + String.format("%016x", offset) + "00000000"
                    + "000167" + "000174";
            JournalRecord r = new JournalRecord(type, "g", "t", queue, offset, 0);
            assertThat(HEX.formatHex(r.encode())).isEqualTo("00000017" + crc(payload) + payload);
            assertThat(JournalRecord.read(ByteBuffer.wrap(r.encode()))).isEqualTo(r);
        }
        byte[] unknown = new JournalRecord((byte) 13, "g", "t", -1, 0, 0).encode();
        assertThat(JournalRecord.read(ByteBuffer.wrap(unknown))).as("type 13 is not known").isNull();
    }

    @Test
    void theLeaseCheckpointListsEphemeralGroupsAndAVersionOneCheckpointIsStillRead() throws Exception {
        Map<LeaseTable.Key, LeaseCursor.Snapshot> cursors = Map.of(new LeaseTable.Key("g", "t", 0),
                new LeaseCursor.Snapshot(3, new long[] {5}, Map.of(4L, 2)));
        LeaseCheckpoint.write(dir, 9, cursors, Set.of(new LeaseTable.GroupKey("e", "t")));
        LeaseCheckpoint.Contents back = LeaseCheckpoint.read(dir);
        assertThat(back.journalSeq()).isEqualTo(9);
        assertThat(back.ephemeral()).containsExactly(new LeaseTable.GroupKey("e", "t"));
        assertThat(back.cursors().get(new LeaseTable.Key("g", "t", 0)).watermark()).isEqualTo(3);

        // a checkpoint a broker built before ephemeral groups wrote: magic TLC1, no ephemeral section
        String body = "544c4331" + "0000000000000009" + "00000001" + "000167" + "000174" + "00000000" + "0000000000000003"
                + "00000000" + "00000000";
        Files.write(dir.resolve(LeaseCheckpoint.NAME), HEX.parseHex(body + crc(body)));
        LeaseCheckpoint.Contents v1 = LeaseCheckpoint.read(dir);
        assertThat(v1.ephemeral()).isEmpty();
        assertThat(v1.cursors()).containsOnlyKeys(new LeaseTable.Key("g", "t", 0));
    }

    @Test
    void aCheckedFileRoundTripsAnyNameAndRefusesAFlippedByteNamingTheFile() throws Exception {
        Path f = dir.resolve("owned-topics");
        CheckedFile.write(f, 0x544F5731, Headers.writer().i32(2).str("a b").str("ü/x.y"));
        Headers.Reader r = CheckedFile.read(f, 0x544F5731);
        assertThat(r.i32()).isEqualTo(2);
        assertThat(r.str()).isEqualTo("a b");
        assertThat(r.str()).isEqualTo("ü/x.y");
        r.end();
        assertThat(CheckedFile.read(dir.resolve("none"), 1)).isNull();

        byte[] bytes = Files.readAllBytes(f);
        bytes[10] ^= 1;
        Files.write(f, bytes);
        assertThatThrownBy(() -> CheckedFile.read(f, 0x544F5731)).isInstanceOf(StoreException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("fails its CRC");
    }
}
