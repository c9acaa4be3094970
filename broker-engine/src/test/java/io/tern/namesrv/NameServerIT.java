package io.tern.namesrv;

import io.tern.protocol.BrokerRegistration;
import io.tern.protocol.ClusterInfo;
import io.tern.protocol.CommandCode;
import io.tern.protocol.ErrorHeader;
import io.tern.protocol.Frame;
import io.tern.protocol.FrameDescriptor;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.TopicConfig;
import io.tern.protocol.TopicRoute;
import io.tern.remoting.RemotingClient;
import io.tern.store.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** NameServers, a broker's registrar and a client over loopback on ephemeral ports; time moves only by hand. */
class NameServerIT {
    static final long T0 = 1_000_000;
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final String BROKER = "127.0.0.1:10911"; // only named in routes: nothing dials it

    final TestClock clock = new TestClock(T0);
    final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    final RemotingClient client = closing(newClient("client"));
    volatile BrokerRegistration current = new BrokerRegistration("c1", "broker-a", 0, BROKER, List.of(TopicConfig.of("orders", 4)));

    @AfterEach
    void closeAll() throws Exception {
        while (!toClose.isEmpty()) {
            toClose.pop().close();
        }
    }

    @Test
    void aBrokerRegisteredByItsRegistrarIsRoutedToClients() {
        NameServer ns = nameServer(clock, true);
        BrokerRegistrar registrar = registrar(newBrokerClient(), ns.address());

        assertThat(registrar.doWork()).isEqualTo(1);

        Frame answer = route(ns, "orders");
        assertThat(answer.code()).isEqualTo(ResponseCode.OK);
        TopicRoute route = TopicRoute.decode(answer.body());
        assertThat(route.brokers()).containsExactly(new TopicRoute.Broker("c1", "broker-a", Map.of(0L, BROKER)));
        assertThat(route.queues()).containsExactly(new TopicRoute.Queues("broker-a", 4, 4, TopicConfig.PERM_READ_WRITE));
        assertThat(clusterInfo(ns).brokers()).containsExactly(new ClusterInfo.Entry("c1", "broker-a", 0, BROKER, T0, 1));
    }

    @Test
    void theRegistrarRegistersEachIntervalWithTheBrokersCurrentTopics() {
        NameServer ns = nameServer(clock, true);
        BrokerRegistrar registrar = registrar(newBrokerClient(), ns.address());
        assertThat(registrar.doWork()).isEqualTo(1);

        current = new BrokerRegistration("c1", "broker-a", 0, BROKER, List.of(TopicConfig.of("payments", 8)));
        clock.advance(Duration.ofMillis(29_999));
        assertThat(registrar.doWork()).isZero();
        assertThat(route(ns, "payments").code()).isEqualTo(ResponseCode.TOPIC_NOT_FOUND);

        clock.advance(Duration.ofMillis(1));
        assertThat(registrar.doWork()).isEqualTo(1);
        assertThat(route(ns, "payments").code()).isEqualTo(ResponseCode.OK);
        assertThat(route(ns, "orders").code()).isEqualTo(ResponseCode.TOPIC_NOT_FOUND);
        assertThat(clusterInfo(ns).brokers().get(0).lastHeartbeatMillis()).isEqualTo(T0 + 30_000);
    }

    @Test
    void registerNowCompletesWhenItsRoundHasEndedAndAtClose() {
        NameServer ns = nameServer(clock, true);
        BrokerRegistrar registrar = registrar(newBrokerClient(), ns.address());
        assertThat(registrar.doWork()).isEqualTo(1);

        current = new BrokerRegistration("c1", "broker-a", 0, BROKER, List.of(TopicConfig.of("payments", 8)));
        CompletableFuture<Void> round = registrar.registerNow();
        assertThat(registrar.registerNow()).as("asked twice before the round: one round").isSameAs(round);
        assertThat(round).isNotDone();
        assertThat(registrar.doWork()).as("due at once, though the interval has not passed").isEqualTo(1);
        assertThat(round).isCompleted();
        assertThat(route(ns, "payments").code()).isEqualTo(ResponseCode.OK);

        CompletableFuture<Void> unanswered = registrar.registerNow();
        registrar.close();
        assertThat(unanswered).isCompleted();
        assertThat(registrar.registerNow()).as("after close").isCompleted();
    }

    @Test
    void anUnknownTopicIsNotFoundByName() {
        NameServer ns = nameServer(clock, true);

        Frame answer = route(ns, "nope");
        assertThat(answer.code()).isEqualTo(ResponseCode.TOPIC_NOT_FOUND);
        assertThat(ErrorHeader.decode(answer.header()).message()).isEqualTo("no live broker serves topic 'nope'");
    }

    @Test
    void closingTheRegisteringConnectionDropsTheBroker() {
        NameServer ns = nameServer(clock, true);
        RemotingClient brokerClient = newBrokerClient();
        registrar(brokerClient, ns.address()).doWork();
        assertThat(route(ns, "orders").code()).isEqualTo(ResponseCode.OK);

        brokerClient.close(); // the broker dies without unregistering

        await().atMost(TIMEOUT).until(() -> route(ns, "orders").code() == ResponseCode.TOPIC_NOT_FOUND);
        assertThat(clusterInfo(ns).brokers()).isEmpty();
    }

    @Test
    void everyNameServerGetsTheRegistrationAndEitherAnswers() {
        NameServer first = nameServer(clock, true);
        NameServer second = nameServer(InstantSource.system(), false); // with its expiry scan on a thread
        BrokerRegistrar registrar = registrar(newBrokerClient(), first.address(), second.address());

        assertThat(registrar.doWork()).isEqualTo(2);

        Frame fromFirst = route(first, "orders");
        Frame fromSecond = route(second, "orders");
        assertThat(fromFirst.code()).isEqualTo(ResponseCode.OK);
        assertThat(fromSecond.code()).isEqualTo(ResponseCode.OK);
        assertThat(TopicRoute.decode(fromSecond.body())).isEqualTo(TopicRoute.decode(fromFirst.body()));
    }

    @Test
    void aNameServerThatIsDownDoesNotStopRegistrationWithTheOthers() {
        NameServer down = nameServer(clock, true);
        String downAddress = down.address();
        down.close();
        NameServer up = nameServer(clock, true);
        BrokerRegistrar registrar = registrar(newBrokerClient(), downAddress, up.address());

        assertThat(registrar.doWork()).isEqualTo(1);
        assertThat(route(up, "orders").code()).isEqualTo(ResponseCode.OK);

        clock.advance(BrokerRegistrar.DEFAULT_INTERVAL);
        assertThat(registrar.doWork()).isEqualTo(1);
        assertThat(clusterInfo(up).brokers().get(0).lastHeartbeatMillis()).isEqualTo(T0 + 30_000);
    }

    @Test
    void anInvalidRegistrationIsRefusedNamingTheValueAndNothingIsRecorded() {
        NameServer ns = nameServer(clock, true);
        BrokerRegistration tooMany = new BrokerRegistration("c1", "broker-a", 0, BROKER, List.of(new TopicConfig("orders", 4, 2000, 6)));
        BrokerRegistration noCluster = new BrokerRegistration(null, "broker-a", 0, BROKER, List.of());

        Frame answer = client.invokeSync(ns.address(), CommandCode.REGISTER_BROKER, tooMany.header(), tooMany.body(), TIMEOUT);
        assertThat(answer.code()).isEqualTo(ResponseCode.INVALID_REQUEST);
        assertThat(ErrorHeader.decode(answer.header()).message()).contains("topic 'orders'").contains("writeQueues = 2000").contains("[0, 1024]");

        answer = client.invokeSync(ns.address(), CommandCode.REGISTER_BROKER, noCluster.header(), noCluster.body(), TIMEOUT);
        assertThat(answer.code()).isEqualTo(ResponseCode.INVALID_REQUEST);
        assertThat(ErrorHeader.decode(answer.header()).message()).contains("cluster = null");

        current = tooMany;
        assertThat(registrar(newBrokerClient(), ns.address()).doWork()).isZero();
        assertThat(clusterInfo(ns).brokers()).isEmpty(); // and the connection that sent them still works
    }

    @Test
    void aSilentBrokerLeavesOnTheFirstScanMoreThan120SecondsAfterItsHeartbeat() {
        NameServer ns = nameServer(clock, true);
        registrar(newBrokerClient(), ns.address()).doWork();

        clock.advance(Duration.ofSeconds(120));
        assertThat(ns.runAgentsOnce()).isZero(); // exactly 120 s: not yet
        assertThat(route(ns, "orders").code()).isEqualTo(ResponseCode.OK);

        clock.advance(Duration.ofSeconds(10)); // the next scan
        assertThat(ns.runAgentsOnce()).isEqualTo(1);
        assertThat(route(ns, "orders").code()).isEqualTo(ResponseCode.TOPIC_NOT_FOUND);
    }

    @Test
    void closingTheRegistrarUnregistersAtOnce() {
        NameServer ns = nameServer(clock, true);
        BrokerRegistrar registrar = registrar(newBrokerClient(), ns.address());
        registrar.doWork();

        registrar.close();

        assertThat(route(ns, "orders").code()).isEqualTo(ResponseCode.TOPIC_NOT_FOUND);
        assertThat(registrar.doWork()).isZero();
    }

    @Test
    void aStartedRegistrarRegistersOnItsOwnThreadAndUnregistersOnClose() {
        NameServer ns = nameServer(clock, true);
        BrokerRegistrar registrar = closing(new BrokerRegistrar(BrokerRegistrar.Settings.of(List.of(ns.address())), () -> current, newBrokerClient()));

        registrar.start(); // the first round is due at once

        await().atMost(TIMEOUT).until(() -> route(ns, "orders").code() == ResponseCode.OK);
        registrar.close();
        assertThat(route(ns, "orders").code()).isEqualTo(ResponseCode.TOPIC_NOT_FOUND);
    }

    private NameServer nameServer(InstantSource nsClock, boolean manualAgents) {
        return closing(NameServer.start(NameServerConfig.builder().host("127.0.0.1").port(0).clock(nsClock).manualAgents(manualAgents).build()));
    }

    private BrokerRegistrar registrar(RemotingClient brokerClient, String... nameServers) {
        BrokerRegistrar.Settings settings = new BrokerRegistrar.Settings(List.of(nameServers), BrokerRegistrar.DEFAULT_INTERVAL, TIMEOUT.dividedBy(2), clock);
        return closing(new BrokerRegistrar(settings, () -> current, brokerClient));
    }

    private RemotingClient newBrokerClient() {
        return closing(newClient("broker-a"));
    }

    private static RemotingClient newClient(String id) {
        return new RemotingClient(id, FrameDescriptor.DEFAULT_MAX_FRAME_SIZE, Duration.ofSeconds(3), 16, 16);
    }

    private Frame route(NameServer ns, String topic) {
        return client.invokeSync(ns.address(), CommandCode.GET_ROUTE, TopicRoute.request(topic), null, TIMEOUT);
    }

    private ClusterInfo clusterInfo(NameServer ns) {
        Frame answer = client.invokeSync(ns.address(), CommandCode.GET_CLUSTER_INFO, null, null, TIMEOUT);
        assertThat(answer.code()).isEqualTo(ResponseCode.OK);
        return ClusterInfo.decode(answer.body());
    }

    private <T extends AutoCloseable> T closing(T resource) {
        toClose.push(resource);
        return resource;
    }
}
