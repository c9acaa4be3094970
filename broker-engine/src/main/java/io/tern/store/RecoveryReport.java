package io.tern.store;

/**
 * What the store found and did when it opened.
 *
 * @param cleanStart     the last stop was orderly: nothing was scanned or verified
 * @param checkpointUsed a valid checkpoint bounded the scan; false means the whole log was verified
 * @param scannedFrom    the log offset verification started at
 * @param logEnd         the end of the valid log; records after it were cut off
 * @param bytesCut       how many bytes of the last segment's written area were found invalid and cut (0 if unknown)
 * @param replayedFrom   the log offset consume queues and indexes were rebuilt from
 * @param queuesRebuilt  consume queues found missing or damaged and rebuilt from the whole log
 */
public record RecoveryReport(boolean cleanStart, boolean checkpointUsed, long scannedFrom, long logEnd, long bytesCut,
                             long replayedFrom, int queuesRebuilt) {
}
