package io.tern.protocol;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fixed bytes for the NameServer commands' descriptors: {@link TopicConfig}, {@link BrokerRegistration}, {@link TopicRoute}, {@link ClusterInfo}. */
class NameServerCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    // "T", 8 read, 4 write, perm 4 (read only), no backlog limit
    private static final String TOPIC_T = "0001" + "54" + "00000008" + "00000004" + "00000004" + "0000000000000000";

    @Test
    void topicConfigListHasFixedBytes() {
        byte[] bytes = TopicConfig.encodeList(List.of(new TopicConfig("T", 8, 4, TopicConfig.PERM_READ),
                TopicConfig.of("é", 4).withMaxBacklogMessages(1000)));
        String expected = "00000002" + TOPIC_T + "0002" + "c3a9" + "00000004" + "00000004" + "00000006" + "00000000000003e8";
        assertThat(HEX.formatHex(bytes)).isEqualTo(expected);
        assertThat(TopicConfig.decodeList(HEX.parseHex(expected)))
                .containsExactly(new TopicConfig("T", 8, 4, TopicConfig.PERM_READ), new TopicConfig("é", 4, 4, TopicConfig.PERM_READ_WRITE, 1000));
        assertThat(TopicConfig.of("x", 1).readable()).isTrue();
        assertThat(new TopicConfig("x", 1, 1, TopicConfig.PERM_READ).writable()).isFalse();
    }

    @Test
    void topicConfigListRejectsImpossibleCountsAndTrailingBytes() {
        assertThatThrownBy(() -> TopicConfig.decodeList(HEX.parseHex("7fffffff" + TOPIC_T)))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("claims 2147483647 topics in 27 bytes");
        assertThatThrownBy(() -> TopicConfig.decodeList(HEX.parseHex("ffffffff")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("claims -1 topics");
        assertThatThrownBy(() -> TopicConfig.decodeList(HEX.parseHex("00000001" + TOPIC_T + "00")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("1 bytes after its last field");
        assertThatThrownBy(() -> TopicConfig.decodeList(HEX.parseHex("00000001" + "0001" + "54" + "00000008")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("header ends at byte 11");
    }

    @Test
    void brokerRegistrationHasFixedHeaderAndBody() {
        BrokerRegistration r = new BrokerRegistration("c", "b", 1, "h:1", List.of(new TopicConfig("T", 8, 4, TopicConfig.PERM_READ)));
        String header = "0001" + "63" + "0001" + "62" + "0000000000000001" + "0003" + "683a31";
        String body = "00000001" + TOPIC_T;
        assertThat(HEX.formatHex(r.header())).isEqualTo(header);
        assertThat(HEX.formatHex(r.body())).isEqualTo(body);
        assertThat(BrokerRegistration.decode(HEX.parseHex(header), HEX.parseHex(body))).isEqualTo(r);
    }

    @Test
    void brokerRegistrationWithoutBodyHasNoTopicsAndNullFieldsDecodeForTheServerToRefuse() {
        String nullCluster = "ffff" + "0001" + "62" + "0000000000000000" + "0003" + "683a31";
        BrokerRegistration r = BrokerRegistration.decode(HEX.parseHex(nullCluster), new byte[0]);
        assertThat(r).isEqualTo(new BrokerRegistration(null, "b", 0, "h:1", List.of()));
        assertThatThrownBy(() -> BrokerRegistration.decode(HEX.parseHex("0001" + "63"), new byte[0]))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("header ends at byte 3");
    }

    @Test
    void topicRouteHasFixedBytes() {
        Map<Long, String> addresses = new TreeMap<>(Map.of(0L, "m:1", 1L, "s:2"));
        TopicRoute route = new TopicRoute("T", List.of(new TopicRoute.Broker("c", "b", addresses)),
                List.of(new TopicRoute.Queues("b", 8, 8, TopicConfig.PERM_READ_WRITE)));
        String expected = "0001" + "54" + "00000001"
                + "0001" + "63" + "0001" + "62" + "00000002"
                + "0000000000000000" + "0003" + "6d3a31"
                + "0000000000000001" + "0003" + "733a32"
                + "00000001" + "0001" + "62" + "00000008" + "00000008" + "00000006";
        assertThat(HEX.formatHex(route.encode())).isEqualTo(expected);
        TopicRoute decoded = TopicRoute.decode(HEX.parseHex(expected));
        assertThat(decoded).isEqualTo(route);
        assertThat(decoded.brokers().get(0).masterAddress()).isEqualTo("m:1");
    }

    @Test
    void topicRouteRequestNamesATopic() {
        assertThat(HEX.formatHex(TopicRoute.request("T"))).isEqualTo("000154");
        assertThat(TopicRoute.decodeRequest(HEX.parseHex("000154"))).isEqualTo("T");
        assertThatThrownBy(() -> TopicRoute.decodeRequest(HEX.parseHex("0000")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("names no topic");
        assertThatThrownBy(() -> TopicRoute.decodeRequest(HEX.parseHex("ffff")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("names no topic");
    }

    @Test
    void topicRouteRejectsImpossibleCountsAndTruncation() {
        assertThatThrownBy(() -> TopicRoute.decode(HEX.parseHex("0001" + "54" + "7fffffff")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("count 2147483647 cannot fit in 7 bytes");
        assertThatThrownBy(() -> TopicRoute.decode(HEX.parseHex("0001" + "54" + "00000001" + "0001" + "63")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("header ends at byte 10");
    }

    @Test
    void clusterInfoHasFixedBytes() {
        ClusterInfo info = new ClusterInfo(List.of(new ClusterInfo.Entry("c", "b", 0, "m:1", 1000, 3)));
        String expected = "00000001" + "0001" + "63" + "0001" + "62" + "0000000000000000" + "0003" + "6d3a31"
                + "00000000000003e8" + "00000003";
        assertThat(HEX.formatHex(info.encode())).isEqualTo(expected);
        assertThat(ClusterInfo.decode(HEX.parseHex(expected))).isEqualTo(info);
        assertThat(HEX.formatHex(new ClusterInfo(List.of()).encode())).isEqualTo("00000000");
        assertThatThrownBy(() -> ClusterInfo.decode(HEX.parseHex(expected + "ff")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("1 bytes after its last field");
    }

    @Test
    void brokerStatsHaveFixedBytesKeepTheirOrderAndRefuseRepeatedNames() {
        Map<String, Long> v = new java.util.LinkedHashMap<>();
        v.put("b", 1L);
        v.put("a", -1L);
        String expected = "00000002" + "0001" + "62" + "0000000000000001" + "0001" + "61" + "ffffffffffffffff";
        assertThat(HEX.formatHex(new BrokerStats(v).encode())).isEqualTo(expected);
        BrokerStats back = BrokerStats.decode(HEX.parseHex(expected));
        assertThat(back.values().keySet()).containsExactly("b", "a");
        assertThat(back.get("b")).isEqualTo(1);
        assertThat(back.get("missing")).isEqualTo(-1);
        String twice = "00000002" + "0001" + "62" + "0000000000000001" + "0001" + "62" + "0000000000000002";
        assertThatThrownBy(() -> BrokerStats.decode(HEX.parseHex(twice))).isInstanceOf(FrameCodecException.class)
                .hasMessageContaining("broker stats name b at entry 1 is null or repeated");
    }
}
