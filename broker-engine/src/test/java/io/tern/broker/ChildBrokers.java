package io.tern.broker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NameServer + broker pairs in child JVMs ({@link LeaseBrokerMain}) on one data directory, for tests that kill them
 * with SIGKILL and restart them. {@link #close()} kills whatever is still running.
 */
final class ChildBrokers implements AutoCloseable {
    private final Path dataDir;
    private final List<Process> children = new ArrayList<>();

    ChildBrokers(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** Starts a child on the data directory and returns {nameServer, broker} addresses once it serves. */
    String[] start() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), LeaseBrokerMain.class.getName(), dataDir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        children.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("READY ")) {
                        return line;
                    }
                }
                throw new IllegalStateException("child exited (" + p.waitFor() + ") before it was ready");
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        String[] f = ready.get(30, TimeUnit.SECONDS).split(" ");
        return new String[]{f[1], f[2]};
    }

    /** SIGKILLs the {@code i}-th child started: no shutdown hook runs, nothing is flushed or checkpointed. */
    void kill(int i) throws InterruptedException {
        Process p = children.get(i);
        p.destroyForcibly();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("child %d died", i).isTrue();
    }

    @Override
    public void close() {
        children.forEach(Process::destroyForcibly);
    }
}
