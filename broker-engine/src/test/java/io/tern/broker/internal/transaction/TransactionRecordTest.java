package io.tern.broker.internal.transaction;

import io.tern.protocol.Xid;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/** Fixed bytes for {@link TxRecord}, the transaction journal's record. */
class TransactionRecordTest {
    private static final HexFormat HEX = HexFormat.of();
    // HALF of tx "t" for producer group "g": half at commit-log offset 0x40 stored at 0x10
    private static final String HALF_PAYLOAD = "01" + "00000000" + "0000000000000040" + "0000000000000010"
            + "000174" + "000167" + "ffff" + "00";

    private static String framed(String payloadHex) {
        byte[] p = HEX.parseHex(payloadHex);
        CRC32C crc = new CRC32C();
        crc.update(p);
        return String.format("%08x%08x", p.length, (int) crc.getValue()) + payloadHex;
    }

    @Test
    void aHalfRecordHasFixedBytes() {
        TxRecord r = new TxRecord(TxRecord.HALF, "t", "g", null, 0, 0x40, 0x10, null);
        assertThat(HEX.formatHex(r.encode())).isEqualTo(framed(HALF_PAYLOAD));
        assertThat(HALF_PAYLOAD.length() / 2).isEqualTo(TxRecord.MIN_LENGTH + 2);
        ByteBuffer in = ByteBuffer.wrap(r.encode());
        assertThat(TxRecord.read(in)).isEqualTo(r);
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void aPrepareRecordCarriesItsXid() {
        Xid xid = new Xid(1, new byte[] {(byte) 0xab}, new byte[0]);
        TxRecord r = new TxRecord(TxRecord.PREPARE, "t", null, null, 0, 0, 5, xid);
        String payload = "03" + "00000000" + "0000000000000000" + "0000000000000005" + "000174" + "ffff" + "ffff" + "01"
                + "00000001" + "00000001ab" + "00000000";
        assertThat(HEX.formatHex(r.encode())).isEqualTo(framed(payload));
        assertThat(TxRecord.read(ByteBuffer.wrap(r.encode()))).isEqualTo(r);
    }

    @Test
    void anOffsetRecordCarriesGroupTopicQueueAndOffset() {
        TxRecord r = new TxRecord(TxRecord.OFFSET, "t", "g", "q", 2, 0x30, 0x05, null);
        String payload = "08" + "00000002" + "0000000000000030" + "0000000000000005" + "000174" + "000167" + "000171" + "00";
        assertThat(HEX.formatHex(r.encode())).isEqualTo(framed(payload));
        assertThat(TxRecord.read(ByteBuffer.wrap(r.encode()))).isEqualTo(r);
    }

    @Test
    void aTornOrFlippedRecordReadsAsTheEnd() {
        String whole = framed(HALF_PAYLOAD);
        ByteBuffer torn = ByteBuffer.wrap(HEX.parseHex(whole.substring(0, whole.length() - 2)));
        assertThat(TxRecord.read(torn)).isNull();
        assertThat(torn.position()).isZero();
        byte[] flipped = HEX.parseHex(whole);
        flipped[15] ^= 1;
        assertThat(TxRecord.read(ByteBuffer.wrap(flipped))).isNull();
        assertThat(TxRecord.read(ByteBuffer.wrap(new byte[64]))).isNull();
        byte[] unknownType = HEX.parseHex(framed("0a" + HALF_PAYLOAD.substring(2)));
        assertThat(TxRecord.read(ByteBuffer.wrap(unknownType))).isNull();
    }
}
