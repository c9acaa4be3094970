package io.tern.client;

import io.tern.client.PullConsumer.Pulled;
import io.tern.client.internal.PriorityBuffer;
import io.tern.message.Message;
import io.tern.message.ReceivedMessage;
import io.tern.protocol.CommandCode;
import io.tern.protocol.ErrorHeader;
import io.tern.protocol.Frame;
import io.tern.protocol.MessageCodec;
import io.tern.protocol.PullRequest;
import io.tern.protocol.ResponseCode;
import io.tern.remoting.RemotingClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The pull loop of a {@link PullConsumer}'s queues: a long poll per queue, whose answer goes into the consumer's
 * buffer and issues the next poll; a failed poll is retried after 1 s. Flow control: a queue's pulls pause at
 * {@code maxCached} messages or {@code maxCachedBytes} body bytes cached (buffered, or taken tracked and not yet
 * processed), and resume when {@link #uncache} brings it below half of both. A queue whose state is no longer active
 * (given up, rewound, consumer closed) is not pulled again, and an answer arriving for it is dropped.
 *
 * <p>Thread rules: {@link #pull} from any thread (the consumer's scheduler when it takes, rewinds or retries a queue;
 * a client I/O thread when an answer issues the next poll; the thread whose {@link #uncache} resumes a paused queue);
 * {@link #uncache} from the threads that take or process messages (the polling thread, push listeners). Answers are
 * accepted on client I/O threads. The per-queue counters are {@link QueueState}'s atomics and volatiles; this class
 * keeps no state of its own beyond its wiring.
 */
final class QueuePuller {
    private static final Logger LOG = LoggerFactory.getLogger(QueuePuller.class);

    /** What each long poll asks for, and the per-queue cache limits at which pulls pause; from {@link PullConsumer.Builder}. */
    record Settings(String group, String topic, String tags, String selector, int batch, Duration longPoll, int maxCached,
                    long maxCachedBytes, boolean orderly) {
    }

    private final PullConsumer source;
    private final Settings settings;
    private final RemotingClient client;
    private final GroupCalls calls;
    private final ScheduledExecutorService scheduler;
    private final PriorityBuffer<Pulled> buffer;
    private final BooleanSupplier closed;

    /** {@code source}: the consumer the buffered messages are recorded against ({@link Pulled#source}). */
    QueuePuller(PullConsumer source, Settings settings, RemotingClient client, GroupCalls calls, ScheduledExecutorService scheduler,
                PriorityBuffer<Pulled> buffer, BooleanSupplier closed) {
        this.source = source;
        this.settings = settings;
        this.client = client;
        this.calls = calls;
        this.scheduler = scheduler;
        this.buffer = buffer;
        this.closed = closed;
    }

    /** Issues the next long poll of a queue; its answer issues the one after. */
    void pull(QueueState s) {
        if (closed.getAsBoolean() || !s.active) {
            return;
        }
        if (s.cached.get() >= settings.maxCached() || s.cachedBytes.get() >= settings.maxCachedBytes()) {
            s.paused = true; // poll() resumes it once the application has caught up
            return;
        }
        PullRequest req = new PullRequest(settings.group(), settings.topic(), s.queue.queueId(), s.nextPull, settings.batch(),
                settings.longPoll().toMillis(), settings.tags(), settings.selector());
        String address;
        try {
            address = calls.address(s.queue);
        } catch (RuntimeException e) {
            retryLater(s, e);
            return;
        }
        client.invokeAsync(address, CommandCode.PULL, req.encode(), null, settings.longPoll().plus(PullConsumer.CALL_TIMEOUT)).whenComplete((f, e) -> {
            if (e != null) {
                retryLater(s, e);
            } else if (f.code() != ResponseCode.OK) {
                retryLater(s, new TernClientException(f.code(), ErrorHeader.decode(f.header()).message()));
            } else {
                accept(s, f);
            }
        });
    }

    /** {@code m} left the queue's cache (taken untracked, or processed): resumes the queue's pulls once it is below half its limits. */
    void uncache(QueueState s, ReceivedMessage m) {
        int cached = s.cached.decrementAndGet();
        long bytes = s.cachedBytes.addAndGet(-m.message().body().length);
        if (s.paused && cached < settings.maxCached() / 2 && bytes < settings.maxCachedBytes() / 2) {
            s.paused = false;
            pull(s);
        }
    }

    private void accept(QueueState s, Frame f) {
        PullRequest.Result r = PullRequest.Result.decode(f.header());
        List<ReceivedMessage> messages = MessageCodec.decodeReceived(f.body(), s.queue.brokerName());
        if (!s.active) {
            return;
        }
        s.cached.addAndGet(messages.size());
        s.cachedBytes.addAndGet(messages.stream().mapToLong(m -> m.message().body().length).sum());
        for (ReceivedMessage m : messages) {
            s.buffered.add(m.queueOffset()); // before the buffer: no take or commit can miss it
            buffer.offer(new Pulled(m, s, source), settings.orderly() ? Message.DEFAULT_PRIORITY : m.message().priority());
        }
        if (!s.active) { // given up or rewound while adding: take() skips these; drop them now rather than at their turn
            buffer.removeIf(p -> p.state() == s);
            return;
        }
        s.nextPull = r.nextOffset();
        pull(s);
    }

    private void retryLater(QueueState s, Throwable e) {
        if (!closed.getAsBoolean() && s.active) {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof io.tern.remoting.RemotingException.Undecodable) {
                LOG.warn("pull of {} failed: {}; retrying in 1 s", s.queue, cause.getMessage()); // not silent: it may never succeed
            } else {
                LOG.debug("pull of {} failed; retrying in 1 s", s.queue, e);
            }
            scheduler.schedule(() -> pull(s), 1, TimeUnit.SECONDS);
        }
    }
}
