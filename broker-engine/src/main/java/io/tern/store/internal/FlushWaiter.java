package io.tern.store.internal;

import java.util.List;

/** SYNC appends the writer has written; they complete once the log is flushed to {@code end}. */
record FlushWaiter(long end, List<CommitLogWriter.Pending> appends) {
}
