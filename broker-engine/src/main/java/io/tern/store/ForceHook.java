package io.tern.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Called before the store forces a commit-log segment; throwing fails that force exactly as a failed {@code fsync}
 * would. For fault-injection tests only: production stores use {@link #NONE}.
 *
 * <p>Thread rules: called on whichever thread forces (the flusher, or the dispatcher before a checkpoint).
 */
@FunctionalInterface
public interface ForceHook {
    ForceHook NONE = file -> { };

    void beforeForce(Path segment) throws IOException;
}
