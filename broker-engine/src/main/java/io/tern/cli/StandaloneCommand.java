package io.tern.cli;

import io.tern.broker.Broker;
import io.tern.namesrv.NameServer;
import io.tern.namesrv.NameServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** A NameServer and one broker in one process: the way to try Tern, and what the README runs. */
@Command(name = "standalone", description = "Run a NameServer and a broker in one process (Ctrl-C stops both cleanly).")
final class StandaloneCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;
    @Option(names = "--namesrv-port", defaultValue = "9876")
    int namesrvPort;
    @Option(names = "--broker-port", defaultValue = "10911")
    int brokerPort;

    @Override
    public Integer call() throws Exception {
        NameServer namesrv = NameServer.start(NameServerConfig.builder().host(server.host).port(namesrvPort).build());
        Broker broker;
        try {
            broker = Broker.start(server.broker(brokerPort, namesrv.address()).autoCreateTopics(true).build());
        } catch (RuntimeException e) {
            namesrv.close();
            throw e;
        }
        System.out.printf("tern standalone: NameServer %s, broker %s, data %s, flush %s%n", namesrv.address(), broker.address(),
                server.data, server.flush);
        System.out.printf("try: ./tern produce --namesrv %s --topic demo --count 10%n", namesrv.address());
        System.out.flush();
        ServerOptions.awaitShutdown(() -> {
            broker.close();
            namesrv.close();
        });
        return 0;
    }
}
