package io.tern.cli;

import io.tern.acl.Login;
import io.tern.broker.Broker;
import io.tern.namesrv.NameServer;
import io.tern.namesrv.NameServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * A NameServer and one broker in one process: the way to try Tern, and what the README runs. With {@code --acl} the
 * file protects both; the broker registers with a login made for this process only ({@link #EMBEDDED_BROKER_USER}
 * and a random password, held in memory and never written), so the file needs no line for it.
 */
@Command(name = "standalone", description = "Run a NameServer and a broker in one process (Ctrl-C stops both cleanly);"
        + " --acl protects both.")
final class StandaloneCommand implements Callable<Integer> {
    static final String EMBEDDED_BROKER_USER = "tern-standalone-broker";

    @Mixin
    ServerOptions server;
    @Option(names = "--namesrv-port", defaultValue = "9876")
    int namesrvPort;
    @Option(names = "--broker-port", defaultValue = "10911")
    int brokerPort;

    /** The two halves, started; closing stops the broker (it unregisters) and then the NameServer. */
    record Servers(NameServer namesrv, Broker broker) implements AutoCloseable {
        @Override
        public void close() {
            broker.close();
            namesrv.close();
        }
    }

    @Override
    public Integer call() throws Exception {
        Servers s = start();
        System.out.printf("tern standalone: NameServer %s, broker %s, data %s, flush %s%s%n", s.namesrv().address(), s.broker().address(),
                server.data, server.flush, server.acl == null ? "" : ", access control from " + server.acl);
        System.out.printf("try: ./tern produce --namesrv %s --topic demo --count 10%s%n", s.namesrv().address(),
                server.acl == null ? "" : " --user USER --password PASSWORD");
        System.out.flush();
        ServerOptions.awaitShutdown(s::close);
        return 0;
    }

    Servers start() {
        Login embedded = server.acl == null ? null : Login.random(EMBEDDED_BROKER_USER);
        NameServer namesrv = NameServer.start(NameServerConfig.builder().host(server.host).port(namesrvPort)
                .aclFile(server.acl).embeddedBrokerLogin(embedded).build());
        try {
            return new Servers(namesrv, Broker.start(server.broker(brokerPort, namesrv.address()).autoCreateTopics(true)
                    .nameServerLogin(embedded).build()));
        } catch (RuntimeException e) {
            namesrv.close();
            throw e;
        }
    }
}
