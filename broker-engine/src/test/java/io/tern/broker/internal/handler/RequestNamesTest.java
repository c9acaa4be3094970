package io.tern.broker.internal.handler;

import io.tern.protocol.AckRequest;
import io.tern.protocol.ChangeInvisibilityRequest;
import io.tern.protocol.CommandCode;
import io.tern.protocol.DeliveryStateQuery;
import io.tern.protocol.EndTransaction;
import io.tern.protocol.Frame;
import io.tern.protocol.GroupDescription;
import io.tern.protocol.GroupReset;
import io.tern.protocol.Headers;
import io.tern.protocol.Heartbeat;
import io.tern.protocol.LockRequest;
import io.tern.protocol.NackRequest;
import io.tern.protocol.Names;
import io.tern.protocol.OffsetRequest;
import io.tern.protocol.PullRequest;
import io.tern.protocol.QueueQuery;
import io.tern.protocol.ReceiveRequest;
import io.tern.protocol.SendBackRequest;
import io.tern.protocol.SendRequest;
import io.tern.protocol.TxAckRequest;
import io.tern.protocol.TxOffsetRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link RequestNames}: every request code that names a topic or a group has it checked, and valid names pass. */
class RequestNamesTest {
    private static final RequestNames CHECK = new RequestNames();
    private static final String BAD_GROUP = "line\nbreak";
    private static final String BAD_TOPIC = "has space";

    /** Each code's header from (topic, group). */
    private static final Map<Short, BiFunction<String, String, byte[]>> HEADERS = Map.ofEntries(
            Map.entry(CommandCode.SEND, (t, g) -> new SendRequest(g, t, 0).encode()),
            Map.entry(CommandCode.PULL, (t, g) -> new PullRequest(g, t, 0, 0, 1, 0, null, null).encode()),
            Map.entry(CommandCode.RECEIVE, (t, g) -> new ReceiveRequest(g, t, 1, 1000, 0, null, null).encode()),
            Map.entry(CommandCode.ACK, (t, g) -> new AckRequest(g, t, "0:0:1").encode()),
            Map.entry(CommandCode.NACK, (t, g) -> new NackRequest(g, t, "0:0:1", 0).encode()),
            Map.entry(CommandCode.CHANGE_INVISIBILITY, (t, g) -> new ChangeInvisibilityRequest(g, t, "0:0:1", 1000).encode()),
            Map.entry(CommandCode.COMMIT_OFFSET, (t, g) -> new OffsetRequest(g, t, 0, 1).encode()),
            Map.entry(CommandCode.LOCK_QUEUES, (t, g) -> new LockRequest(g, "client-1", t, List.of(0)).encode()),
            Map.entry(CommandCode.CONSUMER_SEND_BACK, (t, g) -> new SendBackRequest(g, t, 0, 0, 1, 0).encode()),
            Map.entry(CommandCode.TX_ACK, (t, g) -> new TxAckRequest("tx", g, t, "0:0:1").encode()),
            Map.entry(CommandCode.TX_COMMIT_OFFSET, (t, g) -> new TxOffsetRequest("tx", g, t, 0, 1).encode()),
            Map.entry(CommandCode.QUERY_DELIVERY_STATE, (t, g) -> new DeliveryStateQuery(t, 0, 0, g).encode()),
            Map.entry(CommandCode.DESCRIBE_GROUP, (t, g) -> new GroupDescription(g, t).encode()),
            Map.entry(CommandCode.RESET_GROUP, (t, g) -> new GroupReset(g, t, GroupReset.Target.START, 0, 0).encode()));

    private static String check(short code, byte[] header) {
        return CHECK.apply(Frame.request(code, 1, header, null));
    }

    @Test
    void everyCodeNamingATopicAndAGroupChecksBoth() {
        HEADERS.forEach((code, header) -> {
            assertThat(check(code, header.apply("orders.eu", "订阅 a b"))).as("code %d, valid names", code).isNull();
            assertThat(check(code, header.apply(BAD_TOPIC, "g"))).as("code %d, bad topic", code).contains(Names.TOPIC_RULE);
            assertThat(check(code, header.apply("t", BAD_GROUP))).as("code %d, bad group", code).contains(Names.GROUP_RULE);
        });
    }

    @Test
    void membershipTransactionsAndQueueQueriesAreCheckedToo() {
        assertThat(check(CommandCode.HEARTBEAT, new Heartbeat("c", List.of("a b"), List.of("p q")).encode())).isNull();
        assertThat(check(CommandCode.HEARTBEAT, new Heartbeat("c\r", List.of(), List.of()).encode())).contains("client id");
        assertThat(check(CommandCode.HEARTBEAT, new Heartbeat("c", List.of(BAD_GROUP), List.of()).encode())).contains("group");
        assertThat(check(CommandCode.HEARTBEAT, new Heartbeat("c", List.of(), List.of(BAD_GROUP)).encode())).contains("producer group");
        assertThat(check(CommandCode.GET_CONSUMER_LIST, Headers.writer().str(BAD_GROUP).toBytes())).contains(Names.GROUP_RULE);
        assertThat(check(CommandCode.END_TRANSACTION, new EndTransaction("tx", BAD_GROUP, EndTransaction.COMMIT, false, 1).encode()))
                .contains("producer group");
        assertThat(check(CommandCode.LOCK_QUEUES, new LockRequest("g", "x".repeat(256), "t", List.of(0)).encode())).contains("client id");
        assertThat(check(CommandCode.QUERY_QUEUE, new QueueQuery(BAD_TOPIC, 0, 0).encode())).contains(Names.TOPIC_RULE);
        assertThat(check(CommandCode.QUERY_DELIVERY_STATE, new DeliveryStateQuery("t", 0, 0, null).encode())).as("every group").isNull();
        assertThat(check(CommandCode.SEND, new SendRequest(null, "t", 0).encode())).as("no producer group").isNull();
    }
}
