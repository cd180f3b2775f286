package io.rdmaspring.verbs;

import java.nio.ByteBuffer;

/**
 * The list part shared by {@link SendWorkRequests} and {@link ReceiveWorkRequests}: an array of work requests and,
 * behind it, each request's scatter/gather entries, in native memory allocated once. {@code struct ibv_send_wr} and
 * {@code struct ibv_recv_wr} begin with the same members ({@link RecvWrDescriptor}), so this class handles both.
 * <pre>
 *   request 0 .. capacity-1 (requestSize each)          entries (maxEntries x ibv_sge each)   bad request
 *   +-----------+-----------+-----+--------------------+-------------+-------------+-----+---------------+
 *   | wr 0      | wr 1      | ... | wr capacity-1      | sge[0][0..] | sge[1][0..] | ... | (wr *) 8 bytes |
 *   +-----------+-----------+-----+--------------------+-------------+-------------+-----+---------------+
 *        | sg_list --------------------------------------^
 * </pre>
 * Each {@code sg_list} points at its own entries from the start; posting sets {@code next} to chain requests.
 * Not thread safe: one thread prepares and posts.
 */
public abstract sealed class WorkRequests permits SendWorkRequests, ReceiveWorkRequests
{
    final ByteBuffer memory;
    private final long address;
    private final int capacity;
    private final int requestSize;
    private final int maxEntries;
    private final int entriesOffset;
    private final int badRequestOffset;

    WorkRequests(final int capacity, final int requestSize, final int maxEntries)
    {
        if (capacity < 1 || maxEntries < 1)
        {
            throw new IllegalArgumentException("Need at least one request with one entry, not " + capacity + " with "
                + maxEntries);
        }
        this.capacity = capacity;
        this.requestSize = requestSize;
        this.maxEntries = maxEntries;
        this.entriesOffset = capacity * requestSize;
        this.badRequestOffset = entriesOffset + capacity * maxEntries * SgeDescriptor.SIZE;
        this.memory = NativeMemory.allocate(badRequestOffset + Long.BYTES);
        this.address = NativeMemory.address(memory);
        for (int index = 0; index < capacity; index++)
        {
            memory.putLong(offset(index) + RecvWrDescriptor.SG_LIST_OFFSET, address + entryOffset(index, 0));
        }
    }

    /** How many requests can be prepared and posted together. */
    public final int capacity()
    {
        return capacity;
    }

    /** How many scatter/gather entries one request can have. */
    public final int maxEntries()
    {
        return maxEntries;
    }

    public final long wrId(final int index)
    {
        return memory.getLong(offset(index) + RecvWrDescriptor.WR_ID_OFFSET);
    }

    /** How many scatter/gather entries request {@code index} uses. */
    public final int entries(final int index)
    {
        return memory.getInt(offset(index) + RecvWrDescriptor.NUM_SGE_OFFSET);
    }

    /**
     * Sets scatter/gather entry {@code entry} of request {@code index} and makes it the last one the request uses;
     * set entries in ascending order after {@code send}/{@code receive} wrote entry 0.
     */
    public final void entry(final int index, final int entry, final long address, final int length, final int lkey)
    {
        final int sge = entryOffset(index, entry);
        memory.putLong(sge + SgeDescriptor.ADDR_OFFSET, address);
        memory.putInt(sge + SgeDescriptor.LENGTH_OFFSET, length);
        memory.putInt(sge + SgeDescriptor.LKEY_OFFSET, lkey);
        memory.putInt(index * requestSize + RecvWrDescriptor.NUM_SGE_OFFSET, entry + 1);
    }

    public final long entryAddress(final int index, final int entry)
    {
        return memory.getLong(entryOffset(index, entry) + SgeDescriptor.ADDR_OFFSET);
    }

    public final int entryLength(final int index, final int entry)
    {
        return memory.getInt(entryOffset(index, entry) + SgeDescriptor.LENGTH_OFFSET);
    }

    public final int entryLkey(final int index, final int entry)
    {
        return memory.getInt(entryOffset(index, entry) + SgeDescriptor.LKEY_OFFSET);
    }

    /** After a post failed: the index of the request the provider rejected, or -1 if it named none. */
    public final int failedIndex()
    {
        final long bad = memory.getLong(badRequestOffset);
        return bad == 0 ? -1 : (int)((bad - address) / requestSize);
    }

    /** Starts request {@code index}: sets its id and one entry, unlinks it. */
    final int begin(final int index, final long wrId, final long address, final int length, final int lkey)
    {
        final int offset = offset(index);
        memory.putLong(offset + RecvWrDescriptor.WR_ID_OFFSET, wrId);
        memory.putLong(offset + RecvWrDescriptor.NEXT_OFFSET, 0L);
        entry(index, 0, address, length, lkey);
        return offset;
    }

    /** Links requests 0 to {@code count - 1} into one list for a single post; the last one ends it. */
    final void chain(final int count)
    {
        for (int index = 0; index < count - 1; index++)
        {
            memory.putLong(offset(index) + RecvWrDescriptor.NEXT_OFFSET, address(index + 1));
        }
        memory.putLong(offset(count - 1) + RecvWrDescriptor.NEXT_OFFSET, 0L);
    }

    /** Forgets the request a previous failed post named, so {@link #failedIndex()} speaks of the next post only. */
    final void clearFailure()
    {
        memory.putLong(badRequestOffset, 0L);
    }

    final long next(final int index)
    {
        return memory.getLong(offset(index) + RecvWrDescriptor.NEXT_OFFSET);
    }

    final long address(final int index)
    {
        return address + offset(index);
    }

    final long badRequestAddress()
    {
        return address + badRequestOffset;
    }

    final int offset(final int index)
    {
        return checkIndex(index) * requestSize;
    }

    private int checkIndex(final int index)
    {
        if (index < 0 || index >= capacity)
        {
            throw new IndexOutOfBoundsException("Request " + index + " of " + capacity);
        }
        return index;
    }

    private int entryOffset(final int index, final int entry)
    {
        if (entry < 0 || entry >= maxEntries)
        {
            throw new IndexOutOfBoundsException("Entry " + entry + " of " + maxEntries);
        }
        return entriesOffset + (checkIndex(index) * maxEntries + entry) * SgeDescriptor.SIZE;
    }
}
