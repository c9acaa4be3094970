package io.tern.store.internal;

/**
 * A unit of long-lived work with one owner of its state. An {@link AgentRunner} calls {@link #doWork()} in a loop
 * on the agent's own thread; a test calls it directly. Other threads never call into an agent's state: they hand
 * it work through the queue or volatile field the agent documents.
 */
public interface Agent {
    /** Does what there is to do now and returns how much (0 lets the runner idle). */
    int doWork() throws Exception;

    /** The thread name suffix, e.g. "writer". */
    String roleName();

    /** Called once on the agent's thread after the last {@link #doWork()}. */
    default void onClose() {
    }
}
