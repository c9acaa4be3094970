package io.tern.broker;

import io.tern.client.Admin;
import io.tern.client.TernClientException;
import io.tern.protocol.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** CLAIM_CLIENT_ID and RELEASE_CLIENT_ID: one live connection per client id, released by the holder or its close. */
class ClientIdIT {
    @TempDir
    Path dir;
    Cluster cluster;

    @BeforeEach
    void start() {
        cluster = new Cluster(dir);
        cluster.startBroker("broker-a", b -> b);
        cluster.startBroker("broker-b", b -> b);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private Admin admin() {
        Admin a = new Admin(List.of(cluster.nameServers()));
        await().atMost(Duration.ofSeconds(10)).until(() -> a.cluster().brokers().size() == 2);
        return a;
    }

    private static void assertInUse(Runnable claim) {
        assertThatThrownBy(claim::run).isInstanceOf(TernClientException.class)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((TernClientException) e).code()).isEqualTo(ResponseCode.CLIENT_ID_IN_USE))
                .hasMessageContaining("client id 'c1' is held by another live connection");
    }

    @Test
    void aClientIdIsHeldByOneConnectionUntilItIsReleasedOrTheConnectionCloses() {
        try (Admin a = admin(); Admin b = admin()) {
            a.claimClientId("c1");
            a.claimClientId("c1"); // again on the holder: fine
            assertInUse(() -> b.claimClientId("c1"));
            b.releaseClientId("c1"); // not b's: changes nothing
            assertInUse(() -> b.claimClientId("c1"));

            a.releaseClientId("c1");
            b.claimClientId("c1");
            assertInUse(() -> a.claimClientId("c1"));

            b.close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> a.claimClientId("c1"));
        }
    }
}
