package io.tern.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The {@code tern} command. Exit codes: 0 success; 1 the operation failed (one line on stderr says why: unreachable
 * NameServer, unknown topic, refused send, ...); 2 bad usage, whether picocli's parser or Tern's own checks found it
 * ({@link BadUsage}: one line naming the flag and the limit). Durations everywhere take {@link DurationFlag}'s syntax.
 */
@Command(name = "tern", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "tern 0.1.0",
        description = "Tern: a RocketMQ-style broker behind the Jakarta Messaging API.",
        subcommands = {StandaloneCommand.class, NameServerCommand.class, BrokerCommand.class,
                ProduceCommand.class, ConsumeCommand.class, BrowseCommand.class, AdminCommand.class, BenchCommand.class,
                HashPasswordCommand.class})
public final class Tern {
    /** The commands that run servers: they log at INFO. The client commands keep the client's INFO lines out of their output. */
    private static final Set<String> SERVERS = Set.of("standalone", "namesrv", "broker");

    public static void main(String[] args) {
        quietClientLogs(args);
        System.exit(run(args));
    }

    /**
     * Sets the log level before the first logger exists (slf4j-simple reads it once): WARN for client commands unless
     * {@code --verbose}, so their output is what they print. Not in {@link #run}: tests share one JVM and its loggers.
     */
    private static void quietClientLogs(String[] args) {
        boolean server = args.length > 0 && SERVERS.contains(args[0]);
        if (!server && !List.of(args).contains("--verbose") && System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }

    /** Runs a command line and returns its exit code; for tests, which must not exit the JVM. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Tern());
        cl.registerConverter(Duration.class, DurationFlag::convert);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            String path = String.join(" ", commandPath(parsed));
            cmd.getErr().println("tern " + path + ": " + oneLine(e));
            if (usage(e)) {
                cmd.getErr().println("(see tern " + path + " --help)");
                return 2;
            }
            return 1;
        });
        return cl.execute(args);
    }

    private static boolean usage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BadUsage) {
                return true;
            }
        }
        return false;
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
        return Unreachable.explain(m.replace('\n', ' '));
    }
}
