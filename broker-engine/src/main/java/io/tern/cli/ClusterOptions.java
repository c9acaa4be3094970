package io.tern.cli;

import io.tern.client.Admin;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.List;

/** What every client command needs to reach a cluster: the NameServers, and credentials for brokers with an ACL. */
final class ClusterOptions {
    @Option(names = "--namesrv", required = true, description = "NameServer address(es), host:port[,host:port]")
    String namesrv;

    @Mixin
    Credentials credentials;

    List<String> nameServers() {
        return Arrays.stream(namesrv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    String user() {
        return credentials.user;
    }

    String password() {
        return credentials.password();
    }

    Admin admin() {
        return new Admin(nameServers(), user(), password());
    }
}
