package io.tern.namesrv;

import io.tern.acl.AclFileException;
import io.tern.acl.Login;
import io.tern.acl.PasswordHash;
import io.tern.protocol.BrokerRegistration;
import io.tern.protocol.ClusterInfo;
import io.tern.protocol.CommandCode;
import io.tern.protocol.ErrorHeader;
import io.tern.protocol.Frame;
import io.tern.protocol.FrameDescriptor;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.RetryTopics;
import io.tern.protocol.TopicConfig;
import io.tern.protocol.TopicRoute;
import io.tern.remoting.RemotingClient;
import io.tern.remoting.RemotingException;
import io.tern.store.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A NameServer with an ACL file over loopback: logins in the handshake, who may register brokers, who may read routes. */
class NameServerAclIT {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final String BROKER = "127.0.0.1:10911"; // only named in routes: nothing dials it
    static final BrokerRegistration PROD_A = new BrokerRegistration("prod", "broker-a", 0, BROKER,
            List.of(TopicConfig.of("orders", 4), TopicConfig.of("payroll", 2), TopicConfig.of(RetryTopics.retryTopic("billing"), 1)));

    @TempDir
    Path dir;
    final TestClock clock = new TestClock(1_000_000);
    final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    NameServer ns;

    @BeforeEach
    void start() throws Exception {
        ns = nameServer(acl("anonymous deny"), null);
    }

    @AfterEach
    void closeAll() throws Exception {
        while (!toClose.isEmpty()) {
            toClose.pop().close();
        }
    }

    @Test
    void badCredentialsAreRefusedInTheHandshakeWithAuthFailedAndTheReason() {
        for (String[] login : new String[][]{{"alice", "guess"}, {"nobody", "alice-pw"}, {null, null}}) {
            RemotingClient c = client(login[0], login[1]);
            assertThatThrownBy(() -> c.invokeSync(ns.address(), CommandCode.GET_CLUSTER_INFO, null, null, TIMEOUT))
                    .isInstanceOfSatisfying(RemotingException.Refused.class, e -> assertThat(e.code()).isEqualTo(ResponseCode.AUTH_FAILED))
                    .hasMessageStartingWith(ns.address() + " refused the handshake: ")
                    .hasMessageEndingWith(login[0] == null ? "anonymous access is off on this NameServer: give a user and password"
                            : "user '" + login[0] + "' or its password is not accepted by this NameServer");
        }
        assertThat(clusterInfo(client("alice", "alice-pw"), ns).brokers()).isEmpty(); // the right password logs in
    }

    @Test
    void anonymousClientsGetTheRightsTheFileGivesUserAnonymous() throws Exception {
        NameServer open = nameServer(acl("anonymous allow", "allow anonymous consume topic:orders"), null);
        assertThat(register(client("root", "root-pw"), open, PROD_A).code()).isEqualTo(ResponseCode.OK);
        RemotingClient anonymous = client(null, null);

        assertThat(route(anonymous, open, "orders").code()).isEqualTo(ResponseCode.OK);
        assertThat(route(anonymous, open, "payroll").code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(clusterInfo(anonymous, open).brokers()).hasSize(1); // a login is enough
        Frame fake = register(anonymous, open, new BrokerRegistration("prod", "broker-a", 0, "127.0.0.1:6666", List.of()));
        assertThat(fake.code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(message(fake)).isEqualTo("user 'anonymous' may not register or unregister brokers of cluster 'prod': add"
                + " 'allow anonymous admin cluster:prod' to the NameServer's ACL file");
    }

    @Test
    void aRegistrarWithoutTheRightLoginIsNotRoutableSaysWhyAndKeepsTrying() throws Exception {
        RemotingClient brokerClient = client(null, null);
        BrokerRegistrar registrar = registrar(brokerClient);
        RemotingClient root = client("root", "root-pw");

        assertThat(registrar.doWork()).isZero();
        assertThat(registrar.failures()).containsOnlyKeys(ns.address());
        assertThat(registrar.failures().get(ns.address())).endsWith("anonymous access is off on this NameServer: give a user and password");

        brokerClient.credentials("broker-a", "wrong");
        clock.advance(BrokerRegistrar.DEFAULT_INTERVAL);
        assertThat(registrar.doWork()).isZero();
        assertThat(registrar.failures().get(ns.address())).endsWith("user 'broker-a' or its password is not accepted by this NameServer");

        brokerClient.credentials("alice", "alice-pw"); // logs in, but may not register
        clock.advance(BrokerRegistrar.DEFAULT_INTERVAL);
        assertThat(registrar.doWork()).isZero();
        assertThat(registrar.failures().get(ns.address())).isEqualTo("answered code " + ResponseCode.NO_PERMISSION + ": user 'alice'"
                + " may not register or unregister brokers of cluster 'prod': add 'allow alice admin cluster:prod' to the NameServer's ACL file");
        assertThat(route(root, ns, "orders").code()).isEqualTo(ResponseCode.TOPIC_NOT_FOUND);

        // the operator gives alice the right and restarts the NameServer: the broker's next round registers, no restart
        ns.close();
        ns = nameServer(acl("allow alice admin cluster:prod"), null, ns.port());
        clock.advance(BrokerRegistrar.DEFAULT_INTERVAL);
        assertThat(registrar.doWork()).isEqualTo(1);
        assertThat(registrar.failures()).isEmpty();
        assertThat(route(root, ns, "orders").code()).isEqualTo(ResponseCode.OK);
    }

    @Test
    void aUserWithoutAdminOnTheClusterCannotHijackARoute() {
        RemotingClient brokerClient = client("broker-a", "broker-pw");
        assertThat(registrar(brokerClient).doWork()).isEqualTo(1);
        RemotingClient alice = client("alice", "alice-pw");
        RemotingClient tenant = client("tenant", "tenant-pw"); // admin of cluster test only
        BrokerRegistration fake = new BrokerRegistration("prod", "broker-a", 0, "127.0.0.1:6666", List.of(TopicConfig.of("orders", 4)));

        assertThat(register(alice, ns, fake).code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(register(tenant, ns, fake).code()).isEqualTo(ResponseCode.NO_PERMISSION);
        Frame otherCluster = register(tenant, ns, new BrokerRegistration("test", "broker-a", 0, "127.0.0.1:6666", List.of(TopicConfig.of("orders", 4))));
        assertThat(otherCluster.code()).isEqualTo(ResponseCode.INVALID_REQUEST);
        assertThat(message(otherCluster)).contains("broker broker-a/0@" + BROKER + " of cluster 'prod' holds that name or address");
        assertThat(register(tenant, ns, new BrokerRegistration("test", "broker-t", 0, BROKER, List.of())).code())
                .isEqualTo(ResponseCode.INVALID_REQUEST); // nor its address
        Frame unregister = tenant.invokeSync(ns.address(), CommandCode.UNREGISTER_BROKER,
                new BrokerRegistration("test", "broker-a", 0, BROKER, List.of()).header(), null, TIMEOUT);
        assertThat(message(unregister)).contains("unregistration for cluster 'test' is refused");
        assertThat(alice.invokeSync(ns.address(), CommandCode.UNREGISTER_BROKER, PROD_A.header(), null, TIMEOUT).code())
                .isEqualTo(ResponseCode.NO_PERMISSION);

        assertThat(TopicRoute.decode(route(alice, ns, "orders").body()).brokers())
                .containsExactly(new TopicRoute.Broker("prod", "broker-a", Map.of(0L, BROKER)));
        assertThat(register(tenant, ns, new BrokerRegistration("test", "broker-t", 0, "127.0.0.1:7777", List.of())).code())
                .isEqualTo(ResponseCode.OK); // its own cluster, under its own names
    }

    @Test
    void aRouteNeedsSomeRightOnItsTopicAndClusterInfoOnlyALogin() {
        registrar(client("broker-a", "broker-pw")).doWork();
        RemotingClient alice = client("alice", "alice-pw");
        RemotingClient root = client("root", "root-pw");

        assertThat(route(alice, ns, "orders").code()).isEqualTo(ResponseCode.OK);
        assertThat(route(alice, ns, RetryTopics.retryTopic("billing")).code()).isEqualTo(ResponseCode.OK); // through her group
        assertThat(route(alice, ns, TopicConfig.AUTO_CREATE_TOPIC).code()).isEqualTo(ResponseCode.TOPIC_NOT_FOUND); // asked, none here
        Frame payroll = route(alice, ns, "payroll");
        assertThat(payroll.code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(message(payroll)).isEqualTo("user 'alice' may not look up the route of topic 'payroll': it needs produce, consume"
                + " or admin on topic:payroll (e.g. add 'allow alice consume topic:payroll' to the NameServer's ACL file)");
        assertThat(route(alice, ns, "no-such-topic").code()).isEqualTo(ResponseCode.NO_PERMISSION); // existence is not told either
        assertThat(route(root, ns, "payroll").code()).isEqualTo(ResponseCode.OK);

        assertThat(clusterInfo(alice, ns).brokers()).extracting(ClusterInfo.Entry::address).containsExactly(BROKER);
    }

    @Test
    void theEmbeddedBrokersLoginRegistersAndDoesNothingElse() throws Exception {
        Login embedded = Login.random("broker-a"); // even named like a user of the file
        NameServer withEmbedded = nameServer(acl("anonymous deny"), embedded);
        RemotingClient brokerClient = client(embedded.user(), embedded.password());
        BrokerRegistrar registrar = closing(new BrokerRegistrar(new BrokerRegistrar.Settings(List.of(withEmbedded.address()),
                BrokerRegistrar.DEFAULT_INTERVAL, TIMEOUT.dividedBy(2), clock), () -> PROD_A, brokerClient));

        assertThat(registrar.doWork()).isEqualTo(1);
        assertThat(route(brokerClient, withEmbedded, "orders").code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(route(client("broker-a", "broker-pw"), withEmbedded, "orders").code())
                .isEqualTo(ResponseCode.NO_PERMISSION); // the file's broker-a logs in as itself, with its own rights only
        assertThatThrownBy(() -> route(client(embedded.user(), embedded.password() + "x"), withEmbedded, "orders"))
                .isInstanceOf(RemotingException.Refused.class);
        registrar.close();
        assertThat(route(client("root", "root-pw"), withEmbedded, "orders").code()).isEqualTo(ResponseCode.TOPIC_NOT_FOUND);
    }

    @Test
    void aBadAclFileStopsTheStartNamingTheLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad-acl"), "user root " + PasswordHash.hash("root-pw") + "\nallow root admin brokers\n");
        assertThatThrownBy(() -> NameServer.start(NameServerConfig.builder().port(0).aclFile(bad).build()))
                .isInstanceOf(AclFileException.class)
                .hasMessage(bad + " line 2: resource 'brokers' is not topic:NAME, group:NAME, cluster:NAME, topic:*, group:*, cluster:* or *");
        assertThatThrownBy(() -> NameServerConfig.builder().aclFile(dir.resolve("missing")).build()).hasMessageContaining("aclFile");
        assertThatThrownBy(() -> NameServerConfig.builder().embeddedBrokerLogin(Login.random("b")).build())
                .hasMessageContaining("embeddedBrokerLogin").hasMessageContaining("without an aclFile");
    }

    private Path acl(String... extra) throws Exception {
        List<String> lines = new java.util.ArrayList<>(List.of(
                "user root " + PasswordHash.hash("root-pw"),
                "user alice " + PasswordHash.hash("alice-pw"),
                "user broker-a " + PasswordHash.hash("broker-pw"),
                "user tenant " + PasswordHash.hash("tenant-pw"),
                "allow root admin *",
                "allow broker-a admin cluster:prod",
                "allow tenant admin cluster:test",
                "allow alice consume topic:orders",
                "allow alice consume group:billing"));
        lines.addAll(List.of(extra));
        return Files.write(Files.createTempFile(dir, "acl", ""), lines);
    }

    private NameServer nameServer(Path acl, Login embedded) {
        return nameServer(acl, embedded, 0);
    }

    private NameServer nameServer(Path acl, Login embedded, int port) {
        return closing(NameServer.start(NameServerConfig.builder().port(port).clock(clock).manualAgents(true)
                .aclFile(acl).embeddedBrokerLogin(embedded).build()));
    }

    private BrokerRegistrar registrar(RemotingClient brokerClient) {
        BrokerRegistrar.Settings settings = new BrokerRegistrar.Settings(List.of(ns.address()), BrokerRegistrar.DEFAULT_INTERVAL,
                TIMEOUT.dividedBy(2), clock);
        return closing(new BrokerRegistrar(settings, () -> PROD_A, brokerClient));
    }

    private RemotingClient client(String user, String password) {
        RemotingClient c = closing(new RemotingClient("test", FrameDescriptor.DEFAULT_MAX_FRAME_SIZE, Duration.ofSeconds(3), 16, 16));
        c.credentials(user, password);
        return c;
    }

    private static Frame register(RemotingClient c, NameServer to, BrokerRegistration r) {
        return c.invokeSync(to.address(), CommandCode.REGISTER_BROKER, r.header(), r.body(), TIMEOUT);
    }

    private static Frame route(RemotingClient c, NameServer from, String topic) {
        return c.invokeSync(from.address(), CommandCode.GET_ROUTE, TopicRoute.request(topic), null, TIMEOUT);
    }

    private static ClusterInfo clusterInfo(RemotingClient c, NameServer from) {
        Frame answer = c.invokeSync(from.address(), CommandCode.GET_CLUSTER_INFO, null, null, TIMEOUT);
        assertThat(answer.code()).as(answer.code() == ResponseCode.OK ? "" : message(answer)).isEqualTo(ResponseCode.OK);
        return ClusterInfo.decode(answer.body());
    }

    private static String message(Frame answer) {
        return ErrorHeader.decode(answer.header()).message();
    }

    private <T extends AutoCloseable> T closing(T resource) {
        toClose.push(resource);
        return resource;
    }
}
