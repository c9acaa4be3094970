package io.tern.cli;

import io.tern.namesrv.NameServer;
import io.tern.namesrv.NameServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "namesrv", description = "Run a NameServer.")
final class NameServerCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1")
    String host;
    @Option(names = "--port", defaultValue = "9876")
    int port;

    @Override
    public Integer call() throws Exception {
        NameServer namesrv = NameServer.start(NameServerConfig.builder().host(host).port(port).build());
        System.out.printf("tern namesrv listening on %s%n", namesrv.address());
        System.out.flush();
        ServerOptions.awaitShutdown(namesrv::close);
        return 0;
    }
}
