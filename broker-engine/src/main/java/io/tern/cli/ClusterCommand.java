package io.tern.cli;

import io.tern.client.Admin;
import io.tern.protocol.ClusterInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code tern admin cluster}: the live brokers; none registered is a failure (exit 1), not an empty success. */
@Command(name = "cluster", description = "list the live brokers")
final class ClusterCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ClusterOptions cluster;
    @Option(names = "--json", description = "one JSON object per broker, one per line")
    boolean json;

    @Override
    public Integer call() {
        try (Admin admin = cluster.admin()) {
            List<ClusterInfo.Entry> brokers = admin.cluster().brokers();
            if (brokers.isEmpty()) {
                throw new IllegalStateException("no live broker is registered with the NameServer(s) " + cluster.nameServers()
                        + " (is the broker running, and registered with these NameServers?)");
            }
            for (ClusterInfo.Entry e : brokers) {
                if (json) {
                    System.out.println(Json.object("cluster", e.cluster(), "broker", e.brokerName(), "id", e.brokerId(), "address",
                            e.address(), "topics", e.topicCount()));
                } else {
                    System.out.printf("%-16s %-16s id %d %-22s topics %d%n", e.cluster(), e.brokerName(), e.brokerId(), e.address(), e.topicCount());
                }
            }
        }
        return 0;
    }
}
