package io.tern.protocol;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fixed bytes for the transaction commands' headers and {@link Xid}. */
class TransactionCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void endTransactionAndItsResult() {
        EndTransaction e = new EndTransaction("tx1", "g", EndTransaction.COMMIT, false, 3);
        String bytes = "0003747831" + "000167" + "01" + "00" + "00000003";
        assertThat(HEX.formatHex(e.encode())).isEqualTo(bytes);
        assertThat(EndTransaction.decode(HEX.parseHex(bytes))).isEqualTo(e);
        EndTransaction.Result r = new EndTransaction.Result(EndTransaction.STATE_COMMITTED, true);
        assertThat(HEX.formatHex(r.encode())).isEqualTo("0301");
        assertThat(EndTransaction.Result.decode(HEX.parseHex("0301"))).isEqualTo(r);
    }

    @Test
    void endTransactionRefusesBadActionsAndIds() {
        assertThatThrownBy(() -> EndTransaction.decode(HEX.parseHex("0003747831" + "000167" + "03" + "00" + "ffffffff")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("action 3");
        assertThatThrownBy(() -> EndTransaction.decode(HEX.parseHex("0000" + "000167" + "01" + "00" + "ffffffff")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("1-300 characters");
        assertThatThrownBy(() -> EndTransaction.decode(HEX.parseHex("0003747831" + "000167" + "01" + "00" + "ffffffff" + "ff")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("after its last field");
        assertThatThrownBy(() -> EndTransaction.decode(HEX.parseHex("0003747831" + "000167" + "01" + "00" + "fffffffe")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("records -2 is not a count");
    }

    @Test
    void checkTransaction() {
        CheckTransaction c = new CheckTransaction("h:1", "t", "g", 2);
        String bytes = "0003683a31" + "000174" + "000167" + "00000002";
        assertThat(HEX.formatHex(c.encode())).isEqualTo(bytes);
        assertThat(CheckTransaction.decode(HEX.parseHex(bytes))).isEqualTo(c);
        assertThatThrownBy(() -> CheckTransaction.decode(HEX.parseHex("ffff" + "000174" + "000167" + "00000002")))
                .isInstanceOf(FrameCodecException.class);
    }

    @Test
    void txAck() {
        TxAckRequest a = new TxAckRequest("t", "g", "q", "0:1:a");
        String bytes = "000174" + "000167" + "000171" + "0005303a313a61";
        assertThat(HEX.formatHex(a.encode())).isEqualTo(bytes);
        assertThat(TxAckRequest.decode(HEX.parseHex(bytes))).isEqualTo(a);
        assertThatThrownBy(() -> TxAckRequest.decode(HEX.parseHex("000174" + "000167" + "000171" + "ffff")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("receipt handle");
    }

    @Test
    void txCommitOffset() {
        TxOffsetRequest o = new TxOffsetRequest("t", "g", "q", 1, 7);
        String bytes = "000174" + "000167" + "000171" + "00000001" + "0000000000000007";
        assertThat(HEX.formatHex(o.encode())).isEqualTo(bytes);
        assertThat(TxOffsetRequest.decode(HEX.parseHex(bytes))).isEqualTo(o);
        assertThatThrownBy(() -> TxOffsetRequest.decode(HEX.parseHex("000174" + "ffff" + "000171" + "00000001" + "0000000000000007")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("lacks group or topic");
        assertThatThrownBy(() -> TxOffsetRequest.decode(HEX.parseHex("0000" + "000167" + "000171" + "00000001" + "0000000000000007")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("1-300 characters");
        assertThatThrownBy(() -> TxOffsetRequest.decode(HEX.parseHex(bytes + "00")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("after its last field");
    }

    @Test
    void xaRequestAndRecoverList() {
        Xid xid = new Xid(1, new byte[] {(byte) 0xab}, new byte[0]);
        XaRequest x = new XaRequest(xid, true, 5);
        String xidBytes = "00000001" + "00000001ab" + "00000000";
        assertThat(HEX.formatHex(x.encode())).isEqualTo(xidBytes + "01" + "00000005");
        assertThat(XaRequest.decode(HEX.parseHex(xidBytes + "01" + "00000005"))).isEqualTo(x);
        assertThat(new XaRequest(xid, false).records()).isEqualTo(EndTransaction.UNCOUNTED);
        assertThatThrownBy(() -> XaRequest.decode(HEX.parseHex(xidBytes + "00" + "80000000")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("records -2147483648 is not a count");
        assertThat(HEX.formatHex(XaRequest.encodeXids(List.of(xid, xid)))).isEqualTo("00000002" + xidBytes + xidBytes);
        assertThat(XaRequest.decodeXids(HEX.parseHex("00000001" + xidBytes))).containsExactly(xid);
        assertThatThrownBy(() -> XaRequest.decodeXids(HEX.parseHex("00000009" + xidBytes))).isInstanceOf(FrameCodecException.class);
        assertThatThrownBy(() -> XaRequest.decode(HEX.parseHex("ffffffff" + "00000001ab" + "00000000" + "00" + "ffffffff")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("formatId -1");
    }

    @Test
    void xidsCompareByContentAndNameTheirTransaction() {
        Xid a = new Xid(7, new byte[] {1, 2}, new byte[] {3});
        byte[] g = {1, 2};
        Xid b = new Xid(7, g, new byte[] {3});
        g[0] = 9; // the record copied it
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toTxId()).isEqualTo("xa:7:0102:03");
        assertThat(a).isNotEqualTo(new Xid(7, new byte[] {1, 2}, new byte[0]));
        assertThatThrownBy(() -> new Xid(0, new byte[0], new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Xid(0, new byte[65], new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
