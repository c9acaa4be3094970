package io.tern.cli;

import io.tern.broker.config.NameServerSettings;
import io.tern.broker.config.Settings.Assignment;
import io.tern.namesrv.NameServer;
import io.tern.namesrv.NameServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "namesrv", description = "Run a NameServer. Settings: -c FILE, --set NAME=VALUE, --print-settings lists them all.")
final class NameServerCommand implements Callable<Integer> {
    @Mixin
    SettingsOptions settings;
    @Option(names = "--host", description = "address to listen on (default 127.0.0.1); setting host")
    String host;
    @Option(names = "--port", description = "port to listen on (default 9876); setting port")
    Integer port;
    @Option(names = "--acl", description = "access-control file, the brokers' format: registering a broker needs 'admin cluster:NAME',"
            + " a route any right on its topic; without one anyone may register brokers and read routes; setting aclFile")
    Path acl;

    @Override
    public Integer call() throws Exception {
        List<Assignment> all = new ArrayList<>(settings.fromFile(SettingsOptions.Part.ALL));
        SettingsOptions.flag(all, "host", host);
        SettingsOptions.flag(all, "port", port);
        SettingsOptions.flag(all, "aclFile", acl);
        all.addAll(settings.fromSets(SettingsOptions.Part.ALL));
        NameServerConfig.Builder builder = NameServerSettings.builder(all);
        if (settings.printSettings) {
            System.out.print(NameServerSettings.REGISTRY.describe(all.isEmpty() ? null : builder.build()));
            return 0;
        }
        NameServerConfig config = builder.build();
        NameServer namesrv = NameServer.start(config);
        System.out.printf("tern namesrv listening on %s%s%n", namesrv.address(),
                config.aclFile() == null ? "" : ", access control from " + config.aclFile());
        System.out.flush();
        ServerOptions.awaitShutdown(namesrv::close);
        return 0;
    }
}
