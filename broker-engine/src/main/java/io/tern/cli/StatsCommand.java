package io.tern.cli;

import io.tern.client.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code tern admin stats}: every live broker's counters; none registered is a failure (exit 1). */
@Command(name = "stats", description = "show every live broker's counters: commit-log positions, flushes, expired"
        + " messages, delayed messages pending and delivered (per topic and group: tern admin topic describe, group describe)")
final class StatsCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ClusterOptions cluster;
    @Option(names = "--json", description = "one JSON object per broker and counter, one per line")
    boolean json;

    @Override
    public Integer call() {
        try (Admin admin = cluster.admin()) {
            var all = admin.brokerStats();
            if (all.isEmpty()) {
                throw new IllegalStateException("no live broker is registered with the NameServer(s) " + cluster.nameServers()
                        + " (is the broker running, and registered with these NameServers?)");
            }
            all.forEach((broker, stats) -> {
                if (!json) {
                    System.out.printf("%s id %d %s%n", broker.brokerName(), broker.brokerId(), broker.address());
                }
                stats.values().forEach((name, value) -> System.out.println(json
                        ? Json.object("broker", broker.brokerName(), "id", broker.brokerId(), "counter", name, "value", value)
                        : String.format("  %-26s %d", name, value)));
            });
        }
        return 0;
    }
}
