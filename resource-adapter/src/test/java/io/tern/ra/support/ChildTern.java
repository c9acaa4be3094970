package io.tern.ra.support;

import io.tern.broker.Broker;
import io.tern.broker.BrokerConfig;
import io.tern.namesrv.NameServer;
import io.tern.namesrv.NameServerConfig;
import io.tern.store.FlushMode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A NameServer and a broker in a child JVM on one data directory and one NameServer port, for tests that kill it
 * with SIGKILL (nothing flushed, checkpointed or unregistered) and start it again at the same address, as a
 * restarted server would be. {@link #start()} answers the NameServer's "host:port" once it serves; {@link #close()}
 * kills whatever still runs. {@link #main} is the child's side.
 */
public final class ChildTern implements AutoCloseable {
    private final Path dataDir;
    private final int nameServerPort;
    private final List<Process> children = new ArrayList<>();

    public ChildTern(Path dataDir) throws IOException {
        this.dataDir = dataDir;
        try (ServerSocket s = new ServerSocket(0)) {
            this.nameServerPort = s.getLocalPort(); // free now; the child binds it (and binds it again after a kill)
        }
    }

    /** Starts a child on the data directory; returns its NameServer's "host:port" once it serves. */
    public String start() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), ChildTern.class.getName(), dataDir.toString(), Integer.toString(nameServerPort))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        children.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("READY ")) {
                        return line.substring("READY ".length());
                    }
                }
                throw new IllegalStateException("child exited (" + p.waitFor() + ") before it was ready");
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        return ready.get(60, TimeUnit.SECONDS);
    }

    /** SIGKILLs the last child started and waits for it to be gone. */
    public void kill() throws InterruptedException {
        Process p = children.get(children.size() - 1);
        p.destroyForcibly();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the child broker did not die within 20 s of SIGKILL");
        }
    }

    @Override
    public void close() {
        children.forEach(Process::destroyForcibly);
    }

    /** The child: prints {@code READY <nameServer>} once serving, then runs until killed. Arguments: data directory, NameServer port. */
    public static void main(String[] args) throws InterruptedException {
        NameServer ns = NameServer.start(NameServerConfig.builder().port(Integer.parseInt(args[1])).build());
        Broker.start(BrokerConfig.builder(Path.of(args[0])).brokerName("ra-child").port(0)
                .nameServers(List.of(ns.address()))
                .retryBackoff(List.of(Duration.ofMillis(200)))
                .store(s -> s.segmentSize(16 << 20).flushMode(FlushMode.ASYNC).indexSlots(4096).indexEntries(65536)
                        .consumeQueueFileEntries(100_000))
                .build());
        System.out.println("READY " + ns.address());
        System.out.flush();
        new CountDownLatch(1).await(); // until SIGKILL
    }
}
