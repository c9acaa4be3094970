package io.tern.cli;

import io.tern.acl.Login;
import io.tern.broker.Broker;
import io.tern.broker.BrokerConfig;
import io.tern.broker.config.BrokerSettings;
import io.tern.broker.config.NameServerSettings;
import io.tern.broker.config.Settings.Assignment;
import io.tern.namesrv.NameServer;
import io.tern.namesrv.NameServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A NameServer and one broker in one process: the way to try Tern, and what the README runs. With {@code --acl} the
 * file protects both; the broker registers with a login made for this process only ({@link #EMBEDDED_BROKER_USER}
 * and a random password, held in memory and never written), so the file needs no line for it. One settings file
 * holds both halves: {@code namesrv.NAME} lines are the NameServer's, the others the broker's.
 */
@Command(name = "standalone", description = "Run a NameServer and a broker in one process (Ctrl-C stops both cleanly);"
        + " --acl protects both. Settings: -c FILE (namesrv.NAME lines for the NameServer), --set NAME=VALUE, --print-settings.")
final class StandaloneCommand implements Callable<Integer> {
    static final String EMBEDDED_BROKER_USER = "tern-standalone-broker";

    @Mixin
    ServerOptions server;
    @Option(names = "--namesrv-port", description = "the NameServer's port (default 9876); setting namesrv.port")
    Integer namesrvPort;
    @Option(names = "--broker-port", description = "the broker's port (default 10911); setting port")
    Integer brokerPort;

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
        if (server.settings.printSettings) {
            boolean values = server.anyGiven() || namesrvPort != null || brokerPort != null;
            System.out.print(BrokerSettings.REGISTRY.describe(values ? brokerBuilder().build() : null));
            System.out.println();
            System.out.println("NameServer settings, written namesrv.NAME in a standalone file or --set:");
            System.out.print(NameServerSettings.REGISTRY.describe(values ? nameServerBuilder().build() : null));
            return 0;
        }
        Servers s = start();
        BrokerConfig c = s.broker().config();
        System.out.printf("tern standalone: NameServer %s, broker %s, data %s, flush %s%s%n", s.namesrv().address(), s.broker().address(),
                c.store().dataDir(), c.store().flushMode().name().toLowerCase(),
                c.aclFile() == null ? "" : ", access control from " + c.aclFile());
        System.out.printf("try: ./tern produce --namesrv %s --topic demo --count 10%s%n", s.namesrv().address(),
                c.aclFile() == null ? "" : " --user USER --password PASSWORD");
        System.out.flush();
        ServerOptions.awaitShutdown(s::close);
        return 0;
    }

    Servers start() {
        NameServerConfig.Builder nsBuilder = nameServerBuilder();
        BrokerConfig.Builder brokerBuilder = brokerBuilder();
        NameServerConfig probe = nsBuilder.build();
        Login embedded = probe.aclFile() == null ? null : Login.random(EMBEDDED_BROKER_USER);
        NameServer namesrv = NameServer.start(nsBuilder.embeddedBrokerLogin(embedded).build());
        try {
            return new Servers(namesrv, Broker.start(brokerBuilder.nameServers(List.of(namesrv.address()))
                    .nameServerLogin(embedded).build()));
        } catch (RuntimeException e) {
            namesrv.close();
            throw e;
        }
    }

    private BrokerConfig.Builder brokerBuilder() {
        List<Assignment> flags = new ArrayList<>();
        SettingsOptions.flag(flags, "port", brokerPort);
        return BrokerSettings.builder(server.broker(List.of(), flags, SettingsOptions.Part.STANDALONE_BROKER));
    }

    private NameServerConfig.Builder nameServerBuilder() {
        List<Assignment> flags = new ArrayList<>();
        SettingsOptions.flag(flags, "port", namesrvPort);
        return NameServerSettings.builder(server.standaloneNameServer(flags));
    }
}
