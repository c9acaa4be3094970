package io.tern.broker.internal.lease;

import io.tern.broker.internal.transaction.TxRecord;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fixed bytes for {@link JournalRecord} and {@link ReceiptHandle}. */
class JournalRecordTest {
    private static final HexFormat HEX = HexFormat.of();
    // ack of t/1 offset 5 for group g: length 23, crc32c of the 23 bytes after it
    private static final String ACK = "00000017" + "2cc3173a" + "02" + "00000001" + "0000000000000005" + "00000000" + "000167" + "000174";

    @Test
    void anAckRecordHasFixedBytes() {
        JournalRecord r = new JournalRecord(JournalRecord.ACK, "g", "t", 1, 5, 0);
        assertThat(HEX.formatHex(r.encode())).isEqualTo(ACK);
        ByteBuffer in = ByteBuffer.wrap(HEX.parseHex(ACK + ACK));
        assertThat(JournalRecord.read(in)).isEqualTo(r);
        assertThat(in.position()).isEqualTo(31);
        assertThat(JournalRecord.read(in)).isEqualTo(r);
        assertThat(JournalRecord.read(in)).isNull();
    }

    @Test
    void aResetRecordHasFixedBytes() {
        // reset of group g's cursor of t/1 to offset 9: type 4, same frame as an ack
        String reset = "00000017" + "efe61671" + "04" + "00000001" + "0000000000000009" + "00000000" + "000167" + "000174";
        JournalRecord r = new JournalRecord(JournalRecord.RESET, "g", "t", 1, 9, 0);
        assertThat(HEX.formatHex(r.encode())).isEqualTo(reset);
        assertThat(JournalRecord.read(ByteBuffer.wrap(HEX.parseHex(reset)))).isEqualTo(r);
        byte[] unknownType = new JournalRecord((byte) 5, "g", "t", 1, 9, 0).encode();
        assertThat(JournalRecord.read(ByteBuffer.wrap(unknownType))).as("a type from a newer broker reads as the end").isNull();
    }

    @Test
    void aTornOrFlippedRecordReadsAsTheEnd() {
        byte[] torn = HEX.parseHex(ACK.substring(0, ACK.length() - 2));
        ByteBuffer in = ByteBuffer.wrap(torn);
        assertThat(JournalRecord.read(in)).isNull();
        assertThat(in.position()).isZero();
        byte[] flipped = HEX.parseHex(ACK);
        flipped[20] ^= 1;
        assertThat(JournalRecord.read(ByteBuffer.wrap(flipped))).isNull();
        assertThat(JournalRecord.read(ByteBuffer.wrap(new byte[64]))).isNull(); // zeros after a preallocated end
    }

    @Test
    void theLongestNamesRoundTripThroughAckAndTransactionRecords() {
        String group = "é".repeat(io.tern.protocol.Names.MAX_GROUP_BYTES / 2) + " \u2028%#";
        String topic = io.tern.protocol.RetryTopics.retryTopic("%".repeat(io.tern.protocol.Names.MAX_GROUP_BYTES)); // the longest topic
        assertThat(topic).hasSize(io.tern.protocol.Names.MAX_DERIVED_TOPIC_LENGTH);
        for (byte type = JournalRecord.OPEN; type <= JournalRecord.RESET; type++) {
            JournalRecord r = new JournalRecord(type, group, topic, 1023, 7, 3);
            assertThat(JournalRecord.read(ByteBuffer.wrap(r.encode()))).isEqualTo(r);
        }
        String txId = "x".repeat(io.tern.protocol.Transactions.MAX_TX_ID);
        for (byte type = TxRecord.HALF; type <= TxRecord.OFFSET; type++) {
            TxRecord r = new TxRecord(type, txId, group, topic, 1, 2, 3, null);
            assertThat(TxRecord.read(ByteBuffer.wrap(r.encode()))).isEqualTo(r);
        }
    }

    @Test
    void receiptHandlesRoundTripAndForeignOnesAreRefused() {
        ReceiptHandle h = new ReceiptHandle(2, 1045, 0x9f3a0c41d2e877b0L);
        assertThat(h.format()).isEqualTo("2:1045:9f3a0c41d2e877b0");
        assertThat(ReceiptHandle.parse(h.format())).isEqualTo(h);
        for (String bad : new String[]{"", "1:2", "1:2:0", "-1:2:3", "a:2:3", "1:2:3:4", "1:2:zz"}) {
            assertThatThrownBy(() -> ReceiptHandle.parse(bad)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad + "'");
        }
    }
}
