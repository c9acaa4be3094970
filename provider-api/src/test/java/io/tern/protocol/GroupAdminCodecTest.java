package io.tern.protocol;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fixed bytes for {@link GroupReset} (RESET_GROUP) and {@link GroupDescription} (DESCRIBE_GROUP). */
class GroupAdminCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String G_T = "0001" + "67" + "0001" + "74"; // group "g", topic "t"

    @Test
    void resetRequestHasFixedBytes() {
        GroupReset atTime = new GroupReset("g", "t", GroupReset.Target.TIME, 1000, GroupReset.OFFSETS_IF_UNKNOWN);
        String bytes = G_T + "02" + "00000000000003e8" + "01";
        assertThat(HEX.formatHex(atTime.encode())).isEqualTo(bytes);
        assertThat(GroupReset.decode(HEX.parseHex(bytes))).isEqualTo(atTime);
        GroupReset start = new GroupReset("g", "t", GroupReset.Target.START, -1, 0);
        assertThat(HEX.formatHex(start.encode())).isEqualTo(G_T + "00" + "ffffffffffffffff" + "00");
        assertThat(GroupReset.decode(start.encode())).isEqualTo(start);
    }

    @Test
    void resetAnswerHasFixedBytes() {
        GroupReset.Result r = new GroupReset.Result(GroupReset.MODE_OFFSET | GroupReset.MODE_LEASE,
                List.of(new GroupReset.QueueOffset(0, 5), new GroupReset.QueueOffset(1, 7)));
        String body = "00000002" + "00000000" + "0000000000000005" + "00000001" + "0000000000000007";
        assertThat(HEX.formatHex(r.encodeHeader())).isEqualTo("03");
        assertThat(HEX.formatHex(r.encodeBody())).isEqualTo(body);
        assertThat(GroupReset.Result.decode(HEX.parseHex("03"), HEX.parseHex(body))).isEqualTo(r);
        assertThat(GroupReset.Result.decode(HEX.parseHex("00"), HEX.parseHex("00000000"))).isEqualTo(new GroupReset.Result(0, List.of()));
    }

    @Test
    void resetRefusesMissingNamesUnknownTargetsFlagsAndModes() {
        String tail = "0000000000000000" + "00";
        assertThatThrownBy(() -> GroupReset.decode(HEX.parseHex("ffff" + "0001" + "74" + "00" + tail)))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("lacks group or topic");
        assertThatThrownBy(() -> GroupReset.decode(HEX.parseHex(G_T + "03" + tail)))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("reset target 3 is not one of 0-2");
        assertThatThrownBy(() -> GroupReset.decode(HEX.parseHex(G_T + "00" + "0000000000000000" + "02")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("reset flags 2");
        assertThatThrownBy(() -> GroupReset.decode(HEX.parseHex(G_T + "00" + tail + "00")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("1 bytes after its last field");
        assertThatThrownBy(() -> GroupReset.Result.decode(HEX.parseHex("04"), HEX.parseHex("00000000")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("group modes 4");
        assertThatThrownBy(() -> GroupReset.Result.decode(HEX.parseHex("01"), HEX.parseHex("ffffffff")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("counts -1 queues");
    }

    @Test
    void describeRequestAndAnswerHaveFixedBytes() {
        GroupDescription d = new GroupDescription("g", "t");
        assertThat(HEX.formatHex(d.encode())).isEqualTo(G_T);
        assertThat(GroupDescription.decode(HEX.parseHex(G_T))).isEqualTo(d);
        GroupDescription.Result r = new GroupDescription.Result(GroupReset.MODE_LEASE, List.of(
                new GroupDescription.Queue(1, 0, 10, 4, new GroupDescription.Lease(3, 2, 1, 1, 0, 2))));
        String body = "00000001" + "00000001" + "0000000000000000" + "000000000000000a" + "0000000000000004"
                + "0000000000000003" + "00000002" + "00000001" + "00000001" + "00000000" + "00000002";
        assertThat(HEX.formatHex(r.encodeHeader())).isEqualTo("02");
        assertThat(HEX.formatHex(r.encodeBody())).isEqualTo(body);
        GroupDescription.Result back = GroupDescription.Result.decode(HEX.parseHex("02"), HEX.parseHex(body));
        assertThat(back).isEqualTo(r);
        assertThat(back.leaseMode()).isTrue();
        assertThat(back.offsetMode()).isFalse();
        assertThat(back.queues().get(0).lease().backlog(10)).isEqualTo(5);
        assertThatThrownBy(() -> GroupDescription.decode(HEX.parseHex("0001" + "67" + "ffff")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("lacks group or topic");
    }
}
