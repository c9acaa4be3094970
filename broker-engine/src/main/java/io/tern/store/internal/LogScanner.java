package io.tern.store.internal;

import java.io.IOException;

/**
 * Walks commit-log records in order, the one loop behind dispatching, recovery's verification and replay.
 * Stops at {@code to}, after {@code maxRecords} records, at the end of written data, or (when verifying)
 * at the first record that does not check out. End-of-segment markers are stepped over.
 */
final class LogScanner {
    @FunctionalInterface
    interface Visitor {
        void visit(RecordHeader header) throws IOException;
    }

    private LogScanner() {
    }

    /** Scans from {@code from}; returns the position after the last record (or marker) accepted. */
    static long scan(CommitLog log, long from, long to, int maxRecords, boolean verify, Visitor visitor) throws IOException {
        try {
            return scanChecked(log, from, to, maxRecords, verify, visitor);
        } catch (ScanFailure e) {
            throw e.getCause();
        }
    }

    private static long scanChecked(CommitLog log, long from, long to, int maxRecords, boolean verify, Visitor visitor) {
        long pos = from;
        int[] records = {0};
        while (pos < to && records[0] < maxRecords) {
            final long at = pos;
            Long step = log.read(at, (buf, p, available) -> {
                int limit = (int) Math.min(available, to - at);
                try {
                    return (long) scanSegment(buf, p, limit, at, maxRecords, verify, visitor, records);
                } catch (IOException e) {
                    throw new ScanFailure(e);
                }
            });
            if (step == null || step == 0) {
                break;
            }
            pos += step;
        }
        return pos;
    }

    /** Scans within one segment's mapping; returns the bytes accepted. */
    private static int scanSegment(java.nio.ByteBuffer buf, int p, int limit, long logOffset, int maxRecords, boolean verify,
                                   Visitor visitor, int[] records) throws IOException {
        int done = 0;
        while (done < limit && records[0] < maxRecords) {
            int size = verify
                    ? RecordCodec.check(buf, p + done, limit - done, logOffset + done)
                    : quickSize(buf, p + done, limit - done);
            if (size == RecordCodec.END_OF_SEGMENT) {
                return done + (limit - done);
            }
            if (size <= 0) {
                break; // END_OF_DATA or INVALID
            }
            if (visitor != null) {
                visitor.visit(RecordCodec.decodeHeader(buf, p + done));
            }
            records[0]++;
            done += size;
        }
        return done;
    }

    /** Size of a record the writer wrote in this process run: no CRC needed, only the marker test. */
    private static int quickSize(java.nio.ByteBuffer buf, int pos, int available) {
        if (available < RecordDescriptor.END_MARKER_SIZE) {
            return RecordCodec.END_OF_DATA;
        }
        int size = buf.getInt(pos);
        int magic = buf.getInt(pos + RecordDescriptor.MAGIC_OFFSET);
        if (magic == RecordDescriptor.END_OF_SEGMENT_MAGIC) {
            return RecordCodec.END_OF_SEGMENT;
        }
        return magic == RecordDescriptor.MESSAGE_MAGIC && size > 0 && size <= available ? size : RecordCodec.END_OF_DATA;
    }

    /** Carries a visitor's IOException out through the segment reader. */
    static final class ScanFailure extends RuntimeException {
        ScanFailure(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }
}
