package io.tern.store.internal;

/**
 * Layout of one commit-log record. All integers big-endian; strings UTF-8 with a length prefix.
 *
 * <pre>
 *   0                   4                   8                  12                  16
 *   +-------------------+-------------------+-------------------+-------------------+
 *   | totalSize         | magic             | crc32c            | flags             |
 *   +-------------------+-------------------+-------------------+-------------------+
 *   | message id hi (8)                     | message id lo (8)                     |  16
 *   +-------------------+-------------------+-------------------+-------------------+
 *   | queueId           | queueOffset (8)                       | commitLogOffset.. |  32
 *   +-------------------+-------------------+-------------------+-------------------+
 *   | ..(8)             | storeTimestamp (8)                    | bornTimestamp..   |  48
 *   +-------------------+-------------------+-------------------+-------------------+
 *   | ..(8)             | hostLen (1 byte: 4 | 16) | host address | hostPort (4)      |  64 ..
 *   +-------------------+-------------------+-------------------+-------------------+
 *   | topicLen (2) | topic | tagLen (2, 0 = none) | tag | keyCount (1) | keyCount x (keyLen (2) | key) |
 *   | propertiesLen (4) | properties (see io.tern.message.Properties) | bodyLen (4) | body             |
 *   +----------------------------------------------------------------------------------------------+
 * </pre>
 *
 * <ul>
 *   <li>{@code totalSize} counts the whole record, itself included, so a reader skips a record without parsing it.</li>
 *   <li>{@code crc32c} covers bytes [12, totalSize): everything after itself. A torn or corrupted record fails it.</li>
 *   <li>{@code commitLogOffset} is the record's own position: a record found at another position (stale bytes
 *       from an earlier write that a new, shorter tail did not overwrite) is recognised as invalid.</li>
 * </ul>
 *
 * <p>A segment that cannot fit the next record ends with an end-of-segment marker: {@code totalSize} = the bytes
 * left in the segment, {@code magic} = {@link #END_OF_SEGMENT_MAGIC}. The writer starts a record only if
 * {@value #END_MARKER_SIZE} bytes would still remain after it, so the marker always fits.
 * A zero {@code totalSize} is the end of written data (segments are sparse files, read as zeros past the tail).
 */
public final class RecordDescriptor {
    /** 'T' 'R' 'N' then version 1. */
    public static final int MESSAGE_MAGIC = 0x54524E01;
    /** 'T' 'R' 'N' then 0xFF: the rest of the segment is empty. */
    public static final int END_OF_SEGMENT_MAGIC = 0x54524EFF;
    public static final int END_MARKER_SIZE = 8;

    public static final int TOTAL_SIZE_OFFSET = 0;
    public static final int MAGIC_OFFSET = 4;
    public static final int CRC_OFFSET = 8;
    public static final int FLAGS_OFFSET = 12;
    /** The CRC covers everything from here to the end of the record. */
    public static final int CRC_START = FLAGS_OFFSET;
    public static final int ID_HI_OFFSET = 16;
    public static final int ID_LO_OFFSET = 24;
    public static final int QUEUE_ID_OFFSET = 32;
    public static final int QUEUE_OFFSET_OFFSET = 36;
    public static final int COMMIT_LOG_OFFSET_OFFSET = 44;
    public static final int STORE_TIMESTAMP_OFFSET = 52;
    public static final int BORN_TIMESTAMP_OFFSET = 60;
    public static final int HOST_LENGTH_OFFSET = 68;
    /** Everything up to and including the host length byte. */
    public static final int FIXED_HEADER_SIZE = 69;

    /** The longest topic name ({@link io.tern.protocol.Names}: a group's derived topics), in characters, all ASCII. */
    public static final int MAX_TOPIC_LENGTH = io.tern.protocol.Names.MAX_DERIVED_TOPIC_LENGTH;
    public static final int MAX_QUEUE_ID = 65_535;
    public static final int MAX_KEYS = 255;
    public static final int MAX_SHORT_STRING_BYTES = Short.MAX_VALUE;

    private RecordDescriptor() {
    }
}
