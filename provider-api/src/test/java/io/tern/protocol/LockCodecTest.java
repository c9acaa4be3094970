package io.tern.protocol;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fixed bytes for {@link LockRequest}: LOCK_QUEUES and UNLOCK_QUEUES. */
class LockCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    // group "g", clientId "c1", topic "T"
    private static final String G_C_T = "0001" + "67" + "0002" + "6331" + "0001" + "54";

    @Test
    void requestHasFixedBytes() {
        LockRequest req = new LockRequest("g", "c1", "T", List.of(0, 3));
        String expected = G_C_T + "00000002" + "00000000" + "00000003";
        assertThat(HEX.formatHex(req.encode())).isEqualTo(expected);
        assertThat(LockRequest.decode(HEX.parseHex(expected))).isEqualTo(req);
        assertThat(LockRequest.decode(HEX.parseHex(G_C_T + "00000000")).queueIds()).isEmpty();
    }

    @Test
    void responseBodyHasFixedBytes() {
        String expected = "00000003" + "00000001" + "00000002" + "000003ff";
        assertThat(HEX.formatHex(LockRequest.encodeLocked(List.of(1, 2, 1023)))).isEqualTo(expected);
        assertThat(LockRequest.decodeLocked(HEX.parseHex(expected))).containsExactly(1, 2, 1023);
        assertThat(LockRequest.decodeLocked(HEX.parseHex("00000000"))).isEmpty();
    }

    @Test
    void refusesMissingFieldsBadCountsAndTrailingBytes() {
        assertThatThrownBy(() -> LockRequest.decode(HEX.parseHex("0001" + "67" + "ffff" + "0001" + "54" + "00000000")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("lacks group, clientId or topic");
        assertThatThrownBy(() -> LockRequest.decode(HEX.parseHex(G_C_T + "00000401")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("lists 1025 queues; the limit is 1024");
        assertThatThrownBy(() -> LockRequest.decode(HEX.parseHex(G_C_T + "ffffffff")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("lists -1 queues");
        assertThatThrownBy(() -> LockRequest.decode(HEX.parseHex(G_C_T + "00000001" + "00000400")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("names queue 1024");
        assertThatThrownBy(() -> LockRequest.decode(HEX.parseHex(G_C_T + "00000002" + "00000001")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("header ends at byte");
        assertThatThrownBy(() -> LockRequest.decode(HEX.parseHex(G_C_T + "00000000" + "00")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("1 bytes after its last field");
    }
}
