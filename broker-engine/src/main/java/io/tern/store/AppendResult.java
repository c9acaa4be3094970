package io.tern.store;

/**
 * What happened to one append.
 *
 * @param status          {@link AppendStatus#OK} or the reason nothing was stored
 * @param durability      for an OK append, the guarantee it got: {@link FlushMode#SYNC} = on disk,
 *                        {@link FlushMode#ASYNC} = in the page cache; null otherwise
 * @param commitLogOffset where the record starts in the commit log, or -1
 * @param size            the record's size in bytes, or 0
 * @param queueOffset     the record's position in its consume queue, or -1
 * @param storeTimestamp  the store clock when the record was written, or 0
 * @param error           for a failed append, what went wrong, naming the value and the limit; null for OK
 */
public record AppendResult(AppendStatus status, FlushMode durability, long commitLogOffset, int size,
                           long queueOffset, long storeTimestamp, String error) {

    public static AppendResult failed(AppendStatus status, String error) {
        return new AppendResult(status, null, -1, 0, -1, 0, error);
    }

    public boolean isOk() {
        return status == AppendStatus.OK;
    }
}
