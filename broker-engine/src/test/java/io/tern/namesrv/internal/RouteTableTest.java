package io.tern.namesrv.internal;

import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tern.namesrv.BrokerRegistrar;
import io.tern.namesrv.NameServerConfig;
import io.tern.protocol.BrokerRegistration;
import io.tern.protocol.ClusterInfo;
import io.tern.protocol.TopicConfig;
import io.tern.protocol.TopicRoute;
import io.tern.store.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteTableTest {
    static final long T0 = 1_000_000;
    final TestClock clock = new TestClock(T0);
    final RouteTable table = new RouteTable(clock, NameServerConfig.DEFAULT_BROKER_EXPIRY);
    final Channel connection = new EmbeddedChannel();

    static BrokerRegistration broker(String name, long id, String address, TopicConfig... topics) {
        return new BrokerRegistration("c1", name, id, address, List.of(topics));
    }

    @Test
    void aRegisteredBrokerServesItsTopics() {
        assertThat(table.register(broker("a", 0, "h:1", TopicConfig.of("T", 4)), connection)).isEqualTo(RouteTable.Outcome.ADDED);

        TopicRoute route = table.route("T").orElseThrow();
        assertThat(route.topic()).isEqualTo("T");
        assertThat(route.brokers()).containsExactly(new TopicRoute.Broker("c1", "a", Map.of(0L, "h:1")));
        assertThat(route.queues()).containsExactly(new TopicRoute.Queues("a", 4, 4, TopicConfig.PERM_READ_WRITE));
        assertThat(table.route("U")).isEmpty();
    }

    @Test
    void masterAndSlaveFormOneGroupWithTheMastersQueues() {
        table.register(broker("a", 1, "slave:1", TopicConfig.of("T", 4)), connection);
        table.register(broker("a", 0, "master:1", new TopicConfig("T", 8, 6, TopicConfig.PERM_READ)), connection);
        table.register(broker("b", 0, "other:1", TopicConfig.of("T", 2)), connection);

        TopicRoute route = table.route("T").orElseThrow();
        assertThat(route.brokers()).containsExactly(
                new TopicRoute.Broker("c1", "a", Map.of(0L, "master:1", 1L, "slave:1")),
                new TopicRoute.Broker("c1", "b", Map.of(0L, "other:1")));
        assertThat(route.brokers().get(0).addresses().keySet()).containsExactly(0L, 1L);
        assertThat(route.queues()).containsExactly(
                new TopicRoute.Queues("a", 8, 6, TopicConfig.PERM_READ),
                new TopicRoute.Queues("b", 2, 2, TopicConfig.PERM_READ_WRITE));
    }

    @Test
    void withoutAMasterTheLowestSlaveGivesTheQueues() {
        table.register(broker("a", 2, "s2:1", TopicConfig.of("T", 2)), connection);
        table.register(broker("a", 1, "s1:1", TopicConfig.of("T", 4)), connection);

        TopicRoute route = table.route("T").orElseThrow();
        assertThat(route.brokers().get(0).addresses()).isEqualTo(Map.of(1L, "s1:1", 2L, "s2:1"));
        assertThat(route.brokers().get(0).masterAddress()).isNull();
        assertThat(route.queues()).containsExactly(new TopicRoute.Queues("a", 4, 4, TopicConfig.PERM_READ_WRITE));
    }

    @Test
    void reRegistrationReplacesTheTopicsAndRefreshesTheHeartbeat() {
        table.register(broker("a", 0, "h:1", TopicConfig.of("T", 4), TopicConfig.of("U", 4)), connection);
        clock.advance(Duration.ofSeconds(30));

        assertThat(table.register(broker("a", 0, "h:1", TopicConfig.of("U", 8), TopicConfig.of("V", 1)), connection))
                .isEqualTo(RouteTable.Outcome.REFRESHED);
        assertThat(table.route("T")).isEmpty();
        assertThat(table.route("U").orElseThrow().queues().get(0).readQueues()).isEqualTo(8);
        assertThat(table.route("V")).isPresent();
        assertThat(table.clusterInfo().brokers()).containsExactly(new ClusterInfo.Entry("c1", "a", 0, "h:1", T0 + 30_000, 2));
    }

    @Test
    void aBrokerExpiresOnlyWhenSilentForMoreThan120Seconds() {
        table.register(broker("a", 0, "h:1", TopicConfig.of("T", 4)), connection);

        clock.advance(Duration.ofSeconds(120));
        assertThat(table.expire(clock.millis())).isEmpty();
        assertThat(table.route("T")).isPresent();

        clock.advance(Duration.ofMillis(1));
        assertThat(table.expire(clock.millis())).containsExactly("h:1");
        assertThat(table.route("T")).isEmpty();
        assertThat(table.clusterInfo().brokers()).isEmpty();
    }

    @Test
    void aHeartbeatPostponesExpiryAndOnlySilentBrokersGo() {
        table.register(broker("a", 0, "a:1", TopicConfig.of("T", 4)), connection);
        table.register(broker("b", 0, "b:1", TopicConfig.of("T", 4)), connection);
        clock.advance(Duration.ofSeconds(90));
        table.register(broker("a", 0, "a:1", TopicConfig.of("T", 4)), connection);
        clock.advance(Duration.ofSeconds(31));

        assertThat(table.expire(clock.millis())).containsExactly("b:1");
        assertThat(table.route("T").orElseThrow().brokers()).extracting(TopicRoute.Broker::brokerName).containsExactly("a");
    }

    @Test
    void unregisterRemovesTheBrokerAtOnce() {
        table.register(broker("a", 0, "h:1", TopicConfig.of("T", 4)), connection);

        assertThat(table.unregister("h:1", "c1")).isTrue();
        assertThat(table.unregister("h:1", "c1")).isFalse();
        assertThat(table.route("T")).isEmpty();
    }

    @Test
    void aBrokerNameOrAddressOfOneClusterIsNotTakenByAnother() {
        table.register(broker("a", 0, "h:1", TopicConfig.of("T", 4)), connection);

        assertThatThrownBy(() -> table.register(new BrokerRegistration("c2", "a", 0, "evil:1", List.of(TopicConfig.of("T", 4))), connection))
                .isInstanceOf(RegistrationValidator.InvalidRegistrationException.class)
                .hasMessageContaining("registration of a/0@evil:1 in cluster 'c2' is refused: broker a/0@h:1 of cluster 'c1' holds that name");
        assertThatThrownBy(() -> table.register(new BrokerRegistration("c2", "a", 1, "evil:1", List.of()), connection))
                .hasMessageContaining("a/0@h:1 of cluster 'c1'"); // nor join its group as a slave
        assertThatThrownBy(() -> table.register(new BrokerRegistration("c2", "z", 0, "h:1", List.of()), connection))
                .hasMessageContaining("a/0@h:1 of cluster 'c1'");
        assertThatThrownBy(() -> table.unregister("h:1", "c2")).hasMessageContaining("unregistration for cluster 'c2' is refused");
        assertThat(table.route("T").orElseThrow().brokers()).containsExactly(new TopicRoute.Broker("c1", "a", Map.of(0L, "h:1")));

        table.unregister("h:1", "c1"); // once it has left, the name is free
        assertThat(table.register(new BrokerRegistration("c2", "a", 0, "h:2", List.of()), connection)).isEqualTo(RouteTable.Outcome.ADDED);
    }

    @Test
    void aClosedConnectionDropsOnlyTheBrokersThatRegisteredOnIt() {
        Channel other = new EmbeddedChannel();
        table.register(broker("a", 0, "a:1", TopicConfig.of("T", 4)), connection);
        table.register(broker("b", 0, "b:1", TopicConfig.of("T", 4)), other);

        connection.close();
        assertThat(table.dropConnection(connection)).containsExactly("a:1");
        assertThat(table.route("T").orElseThrow().brokers()).extracting(TopicRoute.Broker::brokerName).containsExactly("b");
    }

    @Test
    void aRegistrationHandledAfterItsConnectionClosedIsIgnored() {
        connection.close();
        table.dropConnection(connection); // the close listener ran first

        assertThat(table.register(broker("a", 0, "h:1", TopicConfig.of("T", 4)), connection))
                .isEqualTo(RouteTable.Outcome.IGNORED_CONNECTION_CLOSED);
        assertThat(table.route("T")).isEmpty();
    }

    @Test
    void reRegisteringOnANewConnectionSurvivesTheOldOnesClose() {
        Channel second = new EmbeddedChannel();
        table.register(broker("a", 0, "h:1", TopicConfig.of("T", 4)), connection);
        table.register(broker("a", 0, "h:1", TopicConfig.of("T", 4)), second);

        connection.close();
        assertThat(table.dropConnection(connection)).isEmpty();
        assertThat(table.route("T")).isPresent();
    }

    @Test
    void aNewAddressForTheSameBrokerNameAndIdReplacesTheOld() {
        table.register(broker("a", 0, "old:1", TopicConfig.of("T", 4)), connection);
        table.register(broker("a", 0, "new:1", TopicConfig.of("T", 4)), connection);

        assertThat(table.route("T").orElseThrow().brokers().get(0).addresses()).isEqualTo(Map.of(0L, "new:1"));
        assertThat(table.clusterInfo().brokers()).extracting(ClusterInfo.Entry::address).containsExactly("new:1");
    }

    @Test
    void clusterInfoListsEveryBrokerInOrder() {
        table.register(new BrokerRegistration("c2", "a", 0, "x:1", List.of()), connection);
        table.register(broker("b", 1, "b1:1", TopicConfig.of("T", 4)), connection);
        table.register(broker("b", 0, "b0:1", TopicConfig.of("T", 4), TopicConfig.of("U", 4)), connection);

        assertThat(table.clusterInfo().brokers()).containsExactly(
                new ClusterInfo.Entry("c1", "b", 0, "b0:1", T0, 2),
                new ClusterInfo.Entry("c1", "b", 1, "b1:1", T0, 1),
                new ClusterInfo.Entry("c2", "a", 0, "x:1", T0, 0));
    }

    @Test
    void theDefaultExpiryIsFourMissedHeartbeats() {
        assertThat(NameServerConfig.DEFAULT_BROKER_EXPIRY).isEqualTo(BrokerRegistrar.DEFAULT_INTERVAL.multipliedBy(4));
    }
}
