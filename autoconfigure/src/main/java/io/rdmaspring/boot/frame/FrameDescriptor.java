package io.rdmaspring.boot.frame;

/**
 * Layout of a version 1 frame. All integers are little-endian; strings are UTF-8 behind an unsigned length.
 * <pre>
 *   0         4         5         6         8                                   16
 *   +---------+---------+---------+---------+-----------------------------------+
 *   | magic   | version | flags   | header  | correlation id (i64)              |
 *   | "RDMA"  | (u8)    | (u8)    | length  |                                   |
 *   |         |         |         | (u16)   |                                   |
 *   +---------+---------+---------+---------+-----------------------------------+
 *   16        17                       17 + d
 *   +---------+------------------------+--------------+
 *   | dest    | destination            | header count |
 *   | length  | (d bytes of UTF-8)     | (u16)        |
 *   | (u8) d  |                        |              |
 *   +---------+------------------------+--------------+
 *   +------------+-----+--------------+-------+
 *   | key length | key | value length | value |   repeated header count times
 *   | (u16)      |     | (u16)        |       |
 *   +------------+-----+--------------+-------+
 *   header length - 4           header length
 *   +---------------------------+--------------------------------------------+
 *   | payload length (i32) p    | payload (p bytes)                          |
 *   +---------------------------+--------------------------------------------+
 * </pre>
 * The header length counts every byte before the payload, so a frame is {@code headerLength + payloadLength} bytes
 * long. The header section, the bytes of all key and value lengths, keys and values, does not count the header count.
 */
public final class FrameDescriptor
{
    /** The bytes {@code 'R' 'D' 'M' 'A'} (0x52 0x44 0x4D 0x41) read as a little-endian int. */
    public static final int MAGIC = 0x414D4452;
    /** The only version this codec reads and writes. */
    public static final int CURRENT_VERSION = 1;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int FLAGS_OFFSET = 5;
    public static final int HEADER_LENGTH_OFFSET = 6;
    public static final int CORRELATION_ID_OFFSET = 8;
    public static final int DESTINATION_LENGTH_OFFSET = 16;
    public static final int DESTINATION_OFFSET = 17;
    /**
     * The fixed preamble: magic, version, flags, header length and correlation id. Later versions keep it, so a
     * receiver can answer a frame it cannot read with an error reply carrying the frame's correlation id.
     */
    public static final int PREAMBLE_LENGTH = DESTINATION_LENGTH_OFFSET;

    /** Size of the header count and of the key and value length fields. */
    public static final int SHORT_LENGTH_SIZE = 2;
    /** Size of the payload length field. */
    public static final int PAYLOAD_LENGTH_SIZE = 4;

    /** The most UTF-8 bytes a destination can have: its length is one unsigned byte. */
    public static final int MAX_DESTINATION_LENGTH = 0xFF;
    /** The largest header length: the field is an unsigned short. */
    public static final int MAX_HEADER_LENGTH = 0xFFFF;
    /** The header of a frame with an empty destination and no headers. */
    public static final int MIN_HEADER_LENGTH = DESTINATION_OFFSET + SHORT_LENGTH_SIZE + PAYLOAD_LENGTH_SIZE;

    private FrameDescriptor()
    {
    }

    /** The header length of a frame whose destination and header section have the given byte counts. */
    public static int headerLength(final int destinationLength, final int headerSectionLength)
    {
        return MIN_HEADER_LENGTH + destinationLength + headerSectionLength;
    }

    /** The bytes one header takes in the header section. */
    public static int headerEntryLength(final int keyLength, final int valueLength)
    {
        return SHORT_LENGTH_SIZE + keyLength + SHORT_LENGTH_SIZE + valueLength;
    }

    /** Where the header count sits in a frame whose destination has the given byte count. */
    public static int headerCountOffset(final int destinationLength)
    {
        return DESTINATION_OFFSET + destinationLength;
    }

    /** Where the payload length sits in a frame with the given header length. */
    public static int payloadLengthOffset(final int headerLength)
    {
        return headerLength - PAYLOAD_LENGTH_SIZE;
    }
}
