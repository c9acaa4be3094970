package io.tern.cli;

import io.tern.broker.Broker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "broker", description = "Run a broker that registers with NameServers.")
final class BrokerCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;
    @Mixin
    NameServerLoginOptions namesrvLogin;
    @Option(names = "--namesrv", required = true, description = "NameServer address(es), host:port[,host:port]")
    String namesrv;
    @Option(names = "--port", defaultValue = "10911")
    int port;
    @Option(names = "--name", defaultValue = "broker-a", description = "broker group name (default ${DEFAULT-VALUE})")
    String name;
    @Option(names = "--cluster", defaultValue = "DefaultCluster")
    String cluster;
    @Option(names = "--auto-create-topics", defaultValue = "false", description = "create topics on first send")
    boolean autoCreate;

    @Override
    public Integer call() throws Exception {
        Broker broker = Broker.start(server.broker(port, namesrv).brokerName(name).cluster(cluster).autoCreateTopics(autoCreate)
                .nameServerLogin(namesrvLogin.login()).build());
        Map<String, String> failures = broker.registrationFailures();
        System.out.printf("tern broker %s listening on %s, registered with %d of %s%n", name, broker.address(),
                broker.config().nameServers().size() - failures.size(), namesrv);
        // the broker keeps trying each on its registration interval; its log says when one takes it
        failures.forEach((ns, why) -> System.err.printf("tern broker: not registered with NameServer %s: %s%n", ns, why));
        System.out.flush();
        ServerOptions.awaitShutdown(broker::close);
        return 0;
    }
}
