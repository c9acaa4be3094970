package io.tern.cli;

import io.tern.namesrv.NameServer;
import io.tern.namesrv.NameServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "namesrv", description = "Run a NameServer.")
final class NameServerCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1")
    String host;
    @Option(names = "--port", defaultValue = "9876")
    int port;
    @Option(names = "--acl", description = "access-control file, the brokers' format: registering a broker needs 'admin cluster:NAME',"
            + " a route any right on its topic; without one anyone may register brokers and read routes")
    Path acl;

    @Override
    public Integer call() throws Exception {
        NameServer namesrv = NameServer.start(NameServerConfig.builder().host(host).port(port).aclFile(acl).build());
        System.out.printf("tern namesrv listening on %s%s%n", namesrv.address(), acl == null ? "" : ", access control from " + acl);
        System.out.flush();
        ServerOptions.awaitShutdown(namesrv::close);
        return 0;
    }
}
