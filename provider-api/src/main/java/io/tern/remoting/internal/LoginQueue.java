package io.tern.remoting.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs logins (password hashing, slow on purpose) on a few threads so that one user's flood cannot stall the others:
 * each user has its own queue of at most {@code perUser} logins (the one running included), a user's logins run one
 * at a time, and the threads take users in turn, one login per turn.
 * <pre>
 *   submit(a) --> queues[a] = [t1 t2 ...]   (full: refused at once)
 *   turns: a b c a b ...  --> worker runs the head of that user's queue, then puts the user at the back if it has more
 * </pre>
 * So with {@code threads} workers, a user's login waits behind at most one login of every other user with work,
 * never behind a flood: a flood of user A holds at most one worker and {@code perUser} places.
 *
 * <p>The executor's own queue holds one turn per user with work, so it is bounded by the users with a login pending,
 * and those by the server's connection limit.
 *
 * <p>Thread rules: {@link #submit} from any thread (Netty event loops); the queues change only under {@code this}.
 */
public final class LoginQueue implements AutoCloseable {
    private final int perUser;
    private final ExecutorService workers;
    private final Map<String, ArrayDeque<Runnable>> queues = new HashMap<>();

    public LoginQueue(int threads, int perUser, String name) {
        this.perUser = perUser;
        this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "tern-login-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Queues {@code login} for {@code user} (null = anonymous, a queue of its own); false if the user already has
     * {@code perUser} logins waiting or running, or the queue is closed: the caller refuses the connection.
     */
    public boolean submit(String user, Runnable login) {
        String key = user == null ? "\0anonymous" : user; // NUL: no user name holds one, so anonymous shares no queue
        synchronized (this) {
            ArrayDeque<Runnable> q = queues.get(key);
            if (q != null) {
                if (q.size() >= perUser) {
                    return false;
                }
                q.add(login);
                return true;
            }
            q = new ArrayDeque<>();
            q.add(login);
            queues.put(key, q);
        }
        return turn(key);
    }

    /** Logins waiting or running, all users: for tests and stats. */
    public synchronized int pending() {
        return queues.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    private boolean turn(String key) {
        try {
            workers.execute(() -> runOne(key));
            return true;
        } catch (RejectedExecutionException e) { // closed
            synchronized (this) {
                queues.remove(key);
            }
            return false;
        }
    }

    private void runOne(String key) {
        Runnable login;
        synchronized (this) {
            login = queues.get(key).peek(); // stays counted while it runs
        }
        try {
            login.run();
        } finally {
            boolean more;
            synchronized (this) {
                ArrayDeque<Runnable> q = queues.get(key);
                q.poll();
                more = !q.isEmpty();
                if (!more) {
                    queues.remove(key);
                }
            }
            if (more) {
                turn(key); // to the back of the line: the other users' turns come first
            }
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
