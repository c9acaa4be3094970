package io.tern.protocol;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fixed bytes for the lifecycle commands 100-106 (docs/lifecycle.md). */
class LifecycleCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String G_T = "0001" + "67" + "0001" + "74"; // group "g", topic "t"

    @Test
    void openGroupHasFixedBytes() {
        GroupOpenRequest o = new GroupOpenRequest("g", "t", GroupOpenRequest.Start.END, true);
        assertThat(HEX.formatHex(o.encode())).isEqualTo(G_T + "01" + "01");
        assertThat(GroupOpenRequest.decode(HEX.parseHex(G_T + "01" + "01"))).isEqualTo(o);
        assertThat(GroupOpenRequest.decode(HEX.parseHex(G_T + "00" + "00")))
                .isEqualTo(new GroupOpenRequest("g", "t", GroupOpenRequest.Start.FIRST, false));
        assertThat(HEX.formatHex(GroupOpenRequest.encodeCreated(true))).isEqualTo("01");
        assertThat(GroupOpenRequest.decodeCreated(HEX.parseHex("00"))).isFalse();
    }

    @Test
    void openGroupRefusesMissingNamesAndUnknownStarts() {
        assertThatThrownBy(() -> GroupOpenRequest.decode(HEX.parseHex("ffff" + "0001" + "74" + "00" + "00")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("lacks group or topic");
        assertThatThrownBy(() -> GroupOpenRequest.decode(HEX.parseHex(G_T + "02" + "00")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("start 2 is not one of 0-1");
        assertThatThrownBy(() -> GroupOpenRequest.decode(HEX.parseHex(G_T + "00" + "00" + "00")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("after its last field");
    }

    @Test
    void deleteGroupAndDeleteTopicHaveFixedBytes() {
        assertThat(HEX.formatHex(new GroupDeleteRequest("g", "t").encode())).isEqualTo(G_T);
        assertThat(GroupDeleteRequest.decode(HEX.parseHex(G_T))).isEqualTo(new GroupDeleteRequest("g", "t"));
        assertThat(GroupDeleteRequest.decodeDeleted(GroupDeleteRequest.encodeDeleted(true))).isTrue();
        assertThatThrownBy(() -> GroupDeleteRequest.decode(HEX.parseHex("0001" + "67" + "ffff")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("lacks group or topic");

        assertThat(HEX.formatHex(new TopicDeleteRequest("t").encode())).isEqualTo("000174");
        assertThat(TopicDeleteRequest.decode(HEX.parseHex("000174"))).isEqualTo(new TopicDeleteRequest("t"));
        assertThatThrownBy(() -> TopicDeleteRequest.decode(HEX.parseHex("ffff"))).isInstanceOf(FrameCodecException.class)
                .hasMessageContaining("lacks the topic");
    }

    @Test
    void temporaryNamesAreRecognizedByTheirPrefix() {
        assertThat(TopicDeleteRequest.isTemporary("TMPQ.1b2c")).isTrue();
        assertThat(TopicDeleteRequest.isTemporary("TMPT.1b2c")).isTrue();
        assertThat(TopicDeleteRequest.isTemporary("TMPQ-1b2c")).isFalse();
        assertThat(TopicDeleteRequest.isTemporary("orders")).isFalse();
        assertThat(TopicDeleteRequest.isTemporary(null)).isFalse();
    }

    @Test
    void clientIdAndReleaseLeaseHaveFixedBytes() {
        assertThat(HEX.formatHex(new ClientIdRequest("c1").encode())).isEqualTo("00026331");
        assertThat(ClientIdRequest.decode(HEX.parseHex("00026331"))).isEqualTo(new ClientIdRequest("c1"));
        assertThatThrownBy(() -> ClientIdRequest.decode(HEX.parseHex("0000"))).isInstanceOf(FrameCodecException.class)
                .hasMessageContaining("lacks the client id");

        ReleaseLeaseRequest r = new ReleaseLeaseRequest("g", "t", "h");
        assertThat(HEX.formatHex(r.encode())).isEqualTo(G_T + "000168");
        assertThat(ReleaseLeaseRequest.decode(HEX.parseHex(G_T + "000168"))).isEqualTo(r);
        assertThatThrownBy(() -> ReleaseLeaseRequest.decode(HEX.parseHex(G_T + "ffff"))).isInstanceOf(FrameCodecException.class)
                .hasMessageContaining("release lease request lacks");
    }

    @Test
    void theCodesAreInTheRangesReservedForThisSlice() {
        assertThat(new short[] {CommandCode.OPEN_GROUP, CommandCode.DELETE_GROUP, CommandCode.DELETE_TOPIC, CommandCode.CREATE_OWNED_TOPIC,
                CommandCode.CLAIM_CLIENT_ID, CommandCode.RELEASE_CLIENT_ID, CommandCode.RELEASE_LEASE})
                .containsExactly((short) 100, (short) 101, (short) 102, (short) 103, (short) 104, (short) 105, (short) 106);
        assertThat(new short[] {ResponseCode.GROUP_IN_USE, ResponseCode.TOPIC_DELETED, ResponseCode.CLIENT_ID_IN_USE})
                .containsExactly((short) 20, (short) 21, (short) 22);
    }
}
