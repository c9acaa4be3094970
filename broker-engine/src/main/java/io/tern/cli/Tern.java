package io.tern.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;

/**
 * The {@code tern} command. Exit codes: 0 success; 1 the command failed (one line on stderr says why:
 * unreachable NameServer, unknown topic, ...); 2 bad flags (picocli's usage error, with the usage).
 */
@Command(name = "tern", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "tern 0.1.0",
        description = "Tern: a RocketMQ-style broker behind the Jakarta Messaging API.",
        subcommands = {StandaloneCommand.class, NameServerCommand.class, BrokerCommand.class,
                ProduceCommand.class, ConsumeCommand.class, AdminCommand.class, BenchCommand.class, HashPasswordCommand.class})
public final class Tern {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code; for tests, which must not exit the JVM. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Tern());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("tern " + String.join(" ", commandPath(parsed)) + ": " + oneLine(e));
            return 1;
        });
        return cl.execute(args);
    }

    private static List<String> commandPath(CommandLine.ParseResult parsed) {
        List<String> path = new java.util.ArrayList<>();
        for (CommandLine.ParseResult p = parsed.subcommand(); p != null; p = p.subcommand()) {
            path.add(p.commandSpec().name());
        }
        return path;
    }

    static String oneLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof java.util.concurrent.CompletionException)) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.replace('\n', ' ');
    }
}
