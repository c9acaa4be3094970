package io.tern.cli;

import io.tern.broker.Broker;
import io.tern.broker.BrokerConfig;
import io.tern.broker.config.BrokerSettings;
import io.tern.broker.config.SettingException;
import io.tern.broker.config.Settings.Assignment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "broker", description = "Run a broker that registers with NameServers. Settings: -c FILE, --set NAME=VALUE,"
        + " --print-settings lists them all.")
final class BrokerCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;
    @Mixin
    NameServerLoginOptions namesrvLogin;
    @Option(names = "--namesrv", description = "NameServer address(es), host:port[,host:port]; setting nameServers")
    String namesrv;
    @Option(names = "--port", description = "port to listen on (default 10911); setting port")
    Integer port;
    @Option(names = "--name", description = "broker group name (default broker-a); setting brokerName")
    String name;
    @Option(names = "--cluster", description = "cluster name (default DefaultCluster); setting cluster")
    String cluster;
    @Option(names = "--auto-create-topics", arity = "0..1", fallbackValue = "true",
            description = "create topics on first send (default off for tern broker); setting autoCreateTopics")
    Boolean autoCreate;

    @Override
    public Integer call() throws Exception {
        BrokerConfig.Builder builder = BrokerSettings.builder(assignments());
        if (server.settings.printSettings) {
            System.out.print(BrokerSettings.REGISTRY.describe(server.anyGiven() || anyFlag() ? builder.build() : null));
            return 0;
        }
        BrokerConfig config = builder.nameServerLogin(namesrvLogin.login()).build();
        if (config.nameServers().isEmpty()) {
            throw new SettingException("tern broker needs NameServers to register with: --namesrv host:port, or nameServers=host:port"
                    + " in the -c file or --set");
        }
        Broker broker = Broker.start(config);
        Map<String, String> failures = broker.registrationFailures();
        System.out.printf("tern broker %s listening on %s, registered with %d of %s%n", config.brokerName(), broker.address(),
                config.nameServers().size() - failures.size(), String.join(",", config.nameServers()));
        // the broker keeps trying each on its registration interval; its log says when one takes it
        failures.forEach((ns, why) -> System.err.printf("tern broker: not registered with NameServer %s: %s%n", ns, why));
        System.out.flush();
        ServerOptions.awaitShutdown(broker::close);
        return 0;
    }

    private boolean anyFlag() {
        return namesrv != null || port != null || name != null || cluster != null || autoCreate != null;
    }

    List<Assignment> assignments() {
        // a broker of a cluster creates topics only when asked: a typo in a producer must not make a topic
        List<Assignment> defaults = List.of(new Assignment("autoCreateTopics", "false", " (tern broker's default)"));
        List<Assignment> flags = new ArrayList<>();
        SettingsOptions.flag(flags, "nameServers", namesrv);
        SettingsOptions.flag(flags, "port", port);
        SettingsOptions.flag(flags, "brokerName", name);
        SettingsOptions.flag(flags, "cluster", cluster);
        SettingsOptions.flag(flags, "autoCreateTopics", autoCreate);
        return server.broker(defaults, flags, SettingsOptions.Part.ALL);
    }
}
