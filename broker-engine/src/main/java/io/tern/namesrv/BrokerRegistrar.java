package io.tern.namesrv;

import io.tern.protocol.BrokerRegistration;
import io.tern.protocol.CommandCode;
import io.tern.protocol.ErrorHeader;
import io.tern.protocol.Frame;
import io.tern.protocol.ResponseCode;
import io.tern.remoting.RemotingClient;
import io.tern.remoting.RemotingException;
import io.tern.store.internal.Agent;
import io.tern.store.internal.AgentRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The broker's side of registration: sends {@code REGISTER_BROKER} with the broker's current topics to every
 * configured NameServer each interval (30 s), and {@code UNREGISTER_BROKER} to all of them on {@link #close()}.
 * NameServers share nothing, so a broker missing from one is missing from the routes that one gives: each is called
 * on its own, and one that is down or refuses is logged while the others are still registered with. A failing
 * NameServer is logged when its failure starts or changes, and tried again every round: one that refuses the broker's
 * login or permission (its ACL file) is an error an operator must fix, logged as such, and {@link #failures()} says why.
 *
 * <p>It lives in {@code io.tern.namesrv}, not with the broker, because it is the client half of the registration
 * contract: it holds no broker state (the broker hands it a {@code Supplier<BrokerRegistration>}), and its interval
 * and the NameServer's expiry (4 intervals) must change together.
 *
 * <p>Thread rules: {@link #doWork()} from one thread at a time: the runner's after {@link #start()}, or a test's
 * with a test clock. {@link #close()} from any thread (a test's: the one that drove {@code doWork()}); it stops the
 * runner first, so no registration can follow the unregistration and the runner's state passes to the closing thread.
 */
public final class BrokerRegistrar implements Agent, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerRegistrar.class);
    /** RocketMQ's heartbeat period; the NameServer drops a broker after 4 missed ({@link NameServerConfig#DEFAULT_BROKER_EXPIRY}). */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    /** Per call. NameServers answer in microseconds; 3 s covers a GC pause without delaying the next round (30 s). */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(3);

    private final Settings settings;
    private final Supplier<BrokerRegistration> registration;
    private final RemotingClient client;
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * NameServers whose last call failed, with why, so a long outage logs once and its end logs once. Written by the
     * agent thread (the closing thread after it), read from any.
     */
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private long nextDueMillis = Long.MIN_VALUE;
    /**
     * Set by {@link #registerNow()} from any thread: the next round starts at once and completes this when it ends.
     * The agent takes it (null again) as a round starts, so a request made during a round gets the next one.
     */
    private final AtomicReference<CompletableFuture<Void>> requested = new AtomicReference<>();
    private volatile BrokerRegistration lastSent;
    /** Guarded by {@code this}. */
    private AgentRunner runner;

    /**
     * Where and how often to register.
     *
     * @param nameServers every NameServer's {@code host:port}; at least one, no repeats
     * @param interval    time between rounds, {@link #DEFAULT_INTERVAL}
     * @param callTimeout the wait for each NameServer's answer, {@link #DEFAULT_CALL_TIMEOUT}; shorter than the interval
     * @param clock       when rounds are due
     */
    public record Settings(List<String> nameServers, Duration interval, Duration callTimeout, InstantSource clock) {
        public Settings {
            nameServers = List.copyOf(nameServers);
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(callTimeout, "callTimeout");
            Objects.requireNonNull(clock, "clock");
            require(!nameServers.isEmpty(), "nameServers", nameServers, "at least one host:port");
            require(new HashSet<>(nameServers).size() == nameServers.size(), "nameServers", nameServers, "without repeats");
            require(interval.toMillis() >= 1, "interval", interval, "at least 1 ms");
            require(callTimeout.toMillis() >= 1 && callTimeout.compareTo(interval) < 0, "callTimeout", callTimeout,
                    "at least 1 ms and shorter than the interval (" + interval + ")");
        }

        public static Settings of(List<String> nameServers) {
            return new Settings(nameServers, DEFAULT_INTERVAL, DEFAULT_CALL_TIMEOUT, InstantSource.system());
        }

        private static void require(boolean ok, String name, Object value, String limit) {
            if (!ok) {
                throw new IllegalArgumentException("registrar setting " + name + " = " + value + " is invalid: must be " + limit);
            }
        }
    }

    /** @param client used, not owned: the caller closes it after this registrar */
    public BrokerRegistrar(Settings settings, Supplier<BrokerRegistration> registration, RemotingClient client) {
        this.settings = settings;
        this.registration = Objects.requireNonNull(registration, "registration");
        this.client = Objects.requireNonNull(client, "client");
    }

    /** Registers on a thread of its own every interval, the first time at once. */
    public synchronized BrokerRegistrar start() {
        if (closed.get() || runner != null) {
            throw new IllegalStateException("registrar is " + (closed.get() ? "closed" : "already started"));
        }
        // park a tenth of the interval between checks, so a round comes at most 10% late
        runner = new AgentRunner(this, Math.max(1, settings.interval().toNanos() / 10), "broker").start();
        return this;
    }

    @Override
    public String roleName() {
        return "registrar";
    }

    /** If a round is due, registers with every NameServer and returns how many accepted; otherwise returns 0. */
    @Override
    public int doWork() {
        long now = settings.clock().millis();
        if ((now < nextDueMillis && requested.get() == null) || closed.get()) {
            return 0;
        }
        CompletableFuture<Void> asked = requested.getAndSet(null);
        nextDueMillis = now + settings.interval().toMillis();
        BrokerRegistration r = registration.get();
        lastSent = r;
        try {
            return callAll(CommandCode.REGISTER_BROKER, r.header(), r.body(), "register with");
        } finally {
            if (asked != null) {
                asked.complete(null);
            }
        }
    }

    /**
     * Registers again at once rather than at the next interval: the broker's topics changed, and clients should find
     * a new topic's route now, not up to 30 s later. Any thread.
     *
     * @return completes when that round has ended, whatever each NameServer answered (a refusal is logged and
     *         retried every round; the caller should not fail for it), or at close
     */
    public CompletableFuture<Void> registerNow() {
        CompletableFuture<Void> round = requested.updateAndGet(f -> f != null ? f : new CompletableFuture<>());
        AgentRunner r;
        synchronized (this) {
            r = runner;
        }
        if (r != null) {
            r.wake();
        }
        if (closed.get()) {
            round.complete(null); // no round will come
        }
        return round;
    }

    /** Stops the runner, then unregisters from every NameServer (waiting up to one call timeout). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        AgentRunner r;
        synchronized (this) { // a start() racing this close either ran before (its runner is stopped here) or fails
            r = runner;
        }
        if (r != null) {
            r.close();
        }
        CompletableFuture<Void> asked = requested.getAndSet(null);
        if (asked != null) {
            asked.complete(null); // nobody waits for a round that will not come
        }
        BrokerRegistration last = lastSent;
        if (last != null) {
            callAll(CommandCode.UNREGISTER_BROKER, last.header(), null, "unregister from");
        }
    }

    /**
     * The NameServers whose latest call failed, each with why: unreachable, no answer in time, or refused (a login or a
     * permission its ACL file does not give, a registration it finds invalid). Empty when every one took the call. Any thread.
     */
    public Map<String, String> failures() {
        return Map.copyOf(failures);
    }

    /** Calls every NameServer at once, so a slow one costs one timeout in all; returns how many answered OK. */
    private int callAll(short code, byte[] header, byte[] body, String what) {
        Map<String, CompletableFuture<Frame>> calls = new LinkedHashMap<>();
        for (String ns : settings.nameServers()) {
            calls.put(ns, invoke(ns, code, header, body));
        }
        List<String> accepted = new ArrayList<>();
        calls.forEach((ns, call) -> {
            Failure failure = outcome(call);
            if (failure == null) {
                accepted.add(ns);
                if (failures.remove(ns) != null) {
                    LOG.info("NameServer {} answers again: {} it succeeded", ns, what);
                }
            } else if (!failure.reason().equals(failures.put(ns, failure.reason())) || code == CommandCode.UNREGISTER_BROKER) {
                log(ns, code, what, failure);
            }
        });
        return accepted.size();
    }

    /** A refused registration is an error an operator must fix; anything else may pass by itself. */
    private void log(String ns, short code, String what, Failure failure) {
        if (failure.accessDenied() && code == CommandCode.REGISTER_BROKER) {
            LOG.error("could not {} NameServer {}: {}. The broker's NameServer login (tern broker --namesrv-user) needs"
                    + " 'admin cluster:{}' in that NameServer's ACL file; trying again every {} ms",
                    what, ns, failure.reason(), lastSent.cluster(), settings.interval().toMillis());
        } else {
            LOG.warn("could not {} NameServer {}: {}", what, ns, failure.reason());
        }
    }

    private CompletableFuture<Frame> invoke(String ns, short code, byte[] header, byte[] body) {
        try {
            return client.invokeAsync(ns, code, header, body, settings.callTimeout());
        } catch (RuntimeException e) { // e.g. the client was closed under us: fail this call, not the round
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Why a call failed; {@code accessDenied} when the NameServer refused the login or the permission. */
    private record Failure(String reason, boolean accessDenied) {
        static Failure of(String reason) {
            return new Failure(reason, false);
        }
    }

    /** Null if the call was answered OK, else why not. */
    private Failure outcome(CompletableFuture<Frame> call) {
        try {
            // the client's own timeout completes the call; the extra second only guards against a lost completion
            Frame answer = call.get(settings.callTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            return answer.code() == ResponseCode.OK ? null
                    : new Failure("answered code " + answer.code() + ": " + ErrorHeader.decode(answer.header()).message(),
                    answer.code() == ResponseCode.NO_PERMISSION);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Failure.of("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RemotingException.Refused refused) {
                return new Failure(refused.getMessage(), refused.code() == ResponseCode.AUTH_FAILED);
            }
            return Failure.of(e.getCause() instanceof RemotingException re ? re.getMessage() : e.getCause().toString());
        } catch (TimeoutException e) {
            return Failure.of("no answer within " + settings.callTimeout());
        } catch (RuntimeException e) { // e.g. an error answer whose header does not decode: this NameServer only
            return Failure.of(e.toString());
        }
    }
}
