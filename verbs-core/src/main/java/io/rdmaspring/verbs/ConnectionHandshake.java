package io.rdmaspring.verbs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What two {@link RdmaConnection} ends tell each other in the connection manager's private data: how many messages
 * the sender may have outstanding (the receiver's posted buffers), how large they may be, and where the sender writes
 * the credit word that acknowledges processed messages.
 * <pre>
 *   0        4         5       6       8                 12                16                 24            28
 *   +--------+---------+-------+-------+-----------------+-----------------+------------------+-------------+
 *   | magic  | version | flags | (pad) | receive buffers | max message size| credit address   | credit rkey |
 *   | "RDMC" | (u8)    | (u8)  |       | (u32)           | (u32)           | (u64)            | (u32)       |
 *   +--------+---------+-------+-------+-----------------+-----------------+------------------+-------------+
 * </pre>
 * Little-endian. RoCE and InfiniBand pad private data with zeros to a fixed length; trailing bytes are ignored
 * unless a flag says what follows ({@link #FLAG_TOKEN}: a {@link ConnectionToken}). Version 1 peers that predate the
 * flags wrote zero there.
 */
record ConnectionHandshake(int receiveBuffers, int maxMessageSize, long creditAddress, int creditRkey)
{
    static final int MAGIC = 0x434D4452; // "RDMC" in little-endian byte order
    static final byte VERSION = 1;
    static final int LENGTH = 28;
    static final int FLAGS_OFFSET = 5;
    /** A {@link ConnectionToken} follows the handshake. */
    static final byte FLAG_TOKEN = 1;

    byte[] encode()
    {
        final ByteBuffer buffer = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(MAGIC).put(VERSION).put(new byte[3]).putInt(receiveBuffers).putInt(maxMessageSize)
            .putLong(creditAddress).putInt(creditRkey);
        return buffer.array();
    }

    /** Decodes the peer's handshake; throws with a message fit for a reject reason when it is not one. */
    static ConnectionHandshake decode(final byte[] privateData)
    {
        if (privateData.length < LENGTH)
        {
            throw new IllegalArgumentException("The peer sent " + privateData.length + " bytes of connection data, not "
                + "an rdma-verbs-core handshake (" + LENGTH + " bytes); it is not an RdmaConnection peer");
        }
        final ByteBuffer buffer = ByteBuffer.wrap(privateData).order(ByteOrder.LITTLE_ENDIAN);
        if (buffer.getInt() != MAGIC)
        {
            throw new IllegalArgumentException("The peer's connection data has no RDMC magic: it is not an "
                + "RdmaConnection peer");
        }
        final byte version = buffer.get();
        if (version != VERSION)
        {
            throw new IllegalArgumentException("The peer speaks connection protocol version " + version + "; this "
                + "side speaks " + VERSION + ". Use the same rdma-verbs-core version on both sides");
        }
        buffer.position(8);
        final ConnectionHandshake handshake = new ConnectionHandshake(buffer.getInt(), buffer.getInt(), buffer.getLong(),
            buffer.getInt());
        if (handshake.receiveBuffers < 1 || handshake.maxMessageSize < 1)
        {
            throw new IllegalArgumentException("The peer announced " + handshake.receiveBuffers + " receive buffers of "
                + handshake.maxMessageSize + " bytes; both must be positive");
        }
        return handshake;
    }
}
