package io.tern.protocol;

import io.tern.protocol.DeliveryStateQuery.GroupState;
import io.tern.protocol.DeliveryStateQuery.Mode;
import io.tern.protocol.DeliveryStateQuery.State;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fixed bytes for {@link DeliveryStateQuery}: QUERY_DELIVERY_STATE's request header and response body. */
class DeliveryStateCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    // topic "T", queue 2, offset 7
    private static final String T_2_7 = "0001" + "54" + "00000002" + "0000000000000007";

    @Test
    void requestHasFixedBytes() {
        DeliveryStateQuery one = new DeliveryStateQuery("T", 2, 7, "g");
        assertThat(HEX.formatHex(one.encode())).isEqualTo(T_2_7 + "0001" + "67");
        assertThat(DeliveryStateQuery.decode(HEX.parseHex(T_2_7 + "000167"))).isEqualTo(one);
        DeliveryStateQuery every = new DeliveryStateQuery("T", 2, 7, null);
        assertThat(HEX.formatHex(every.encode())).isEqualTo(T_2_7 + "ffff");
        assertThat(DeliveryStateQuery.decode(HEX.parseHex(T_2_7 + "ffff"))).isEqualTo(every);
    }

    @Test
    void responseBodyHasFixedBytes() {
        List<GroupState> states = List.of(
                new GroupState("a", Mode.LEASE, State.LEASED, 2, 1000, -1, "tx"),
                GroupState.offset("b", 8, 7),
                GroupState.unknown("c"));
        String expected = "00000003"
                + "0001" + "61" + "02" + "04" + "00000002" + "00000000000003e8" + "ffffffffffffffff" + "0002" + "7478"
                + "0001" + "62" + "01" + "01" + "00000000" + "ffffffffffffffff" + "0000000000000008" + "ffff"
                + "0001" + "63" + "00" + "00" + "00000000" + "ffffffffffffffff" + "ffffffffffffffff" + "ffff";
        assertThat(HEX.formatHex(DeliveryStateQuery.encodeStates(states))).isEqualTo(expected);
        assertThat(DeliveryStateQuery.decodeStates(HEX.parseHex(expected))).isEqualTo(states);
        assertThat(DeliveryStateQuery.decodeStates(HEX.parseHex("00000000"))).isEmpty();
    }

    @Test
    void offsetStateIsConsumedOnlyOnceTheCommittedOffsetIsPastTheMessage() {
        assertThat(GroupState.offset("g", 7, 7).state()).isEqualTo(State.NOT_CONSUMED);
        assertThat(GroupState.offset("g", 8, 7).state()).isEqualTo(State.CONSUMED);
        assertThat(GroupState.offset("g", -1, 0).state()).isEqualTo(State.NOT_CONSUMED);
    }

    @Test
    void refusesMissingFieldsUnknownCodesAndTrailingBytes() {
        assertThatThrownBy(() -> DeliveryStateQuery.decode(HEX.parseHex("ffff" + "00000002" + "0000000000000007" + "ffff")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("names no topic");
        assertThatThrownBy(() -> DeliveryStateQuery.decode(HEX.parseHex(T_2_7 + "ffff" + "00")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("1 bytes after its last field");
        String tail = "00000000" + "ffffffffffffffff" + "ffffffffffffffff" + "ffff";
        assertThatThrownBy(() -> DeliveryStateQuery.decodeStates(HEX.parseHex("00000001" + "0001" + "61" + "03" + "00" + tail)))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("delivery mode 3 is not one of 0-2");
        assertThatThrownBy(() -> DeliveryStateQuery.decodeStates(HEX.parseHex("00000001" + "0001" + "61" + "02" + "09" + tail)))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("delivery state 9 is not one of 0-8");
        assertThatThrownBy(() -> DeliveryStateQuery.decodeStates(HEX.parseHex("00000001" + "ffff" + "02" + "03" + tail)))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("names no group");
        assertThatThrownBy(() -> DeliveryStateQuery.decodeStates(HEX.parseHex("00000002" + "0001" + "61" + "02" + "03" + tail)))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("header ends at byte");
    }
}
