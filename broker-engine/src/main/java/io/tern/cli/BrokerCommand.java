package io.tern.cli;

import io.tern.broker.Broker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "broker", description = "Run a broker that registers with NameServers.")
final class BrokerCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;
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
        Broker broker = Broker.start(server.broker(port, namesrv).brokerName(name).cluster(cluster).autoCreateTopics(autoCreate).build());
        System.out.printf("tern broker %s listening on %s, registered with %s%n", name, broker.address(), namesrv);
        System.out.flush();
        ServerOptions.awaitShutdown(broker::close);
        return 0;
    }
}
