package io.rdmaspring.verbs;

import java.nio.ByteBuffer;

/**
 * Flyweight over an array of work completions ({@code struct ibv_wc}, {@link WcDescriptor}) that
 * {@link CompletionQueue#poll(WorkCompletions)} fills: allocate one per polling thread and read entries
 * 0..n-1 after each poll. Reading allocates nothing; {@link #statusText(int)} is for the error path only.
 */
public final class WorkCompletions
{
    /** {@link #flags(int)} bit: the completion carries immediate data. */
    @NativeConstant("IBV_WC_WITH_IMM")
    public static final int WITH_IMM = 1 << 1;

    private final ByteBuffer memory;
    private final long address;
    private final int capacity;

    /** Room for {@code capacity} completions per poll. */
    public WorkCompletions(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("Need room for at least one completion, not " + capacity);
        }
        this.capacity = capacity;
        this.memory = NativeMemory.allocate(capacity * WcDescriptor.SIZE);
        this.address = NativeMemory.address(memory);
    }

    /** How many completions one poll can return. */
    public int capacity()
    {
        return capacity;
    }

    /** The id the work request was posted with. */
    public long wrId(final int index)
    {
        return memory.getLong(offset(index) + WcDescriptor.WR_ID_OFFSET);
    }

    /** A {@link CompletionStatus}. */
    public int status(final int index)
    {
        return memory.getInt(offset(index) + WcDescriptor.STATUS_OFFSET);
    }

    public boolean isSuccess(final int index)
    {
        return status(index) == CompletionStatus.SUCCESS;
    }

    /** A {@link CompletionOpcode}; valid only when {@link #isSuccess(int)}. */
    public int opcode(final int index)
    {
        return memory.getInt(offset(index) + WcDescriptor.OPCODE_OFFSET);
    }

    /** The provider's own error code, for bug reports. */
    public int vendorError(final int index)
    {
        return memory.getInt(offset(index) + WcDescriptor.VENDOR_ERR_OFFSET);
    }

    /** For receives: how many bytes arrived. */
    public int byteLength(final int index)
    {
        return memory.getInt(offset(index) + WcDescriptor.BYTE_LEN_OFFSET);
    }

    /** The immediate data (host order); meaningful when {@link #hasImmediate(int)}. */
    public int immediate(final int index)
    {
        return NativeMemory.networkOrder(memory.getInt(offset(index) + WcDescriptor.IMM_DATA_OFFSET));
    }

    public boolean hasImmediate(final int index)
    {
        return (flags(index) & WITH_IMM) != 0;
    }

    /** The number of the local queue pair the request belonged to. */
    public int qpNumber(final int index)
    {
        return memory.getInt(offset(index) + WcDescriptor.QP_NUM_OFFSET);
    }

    /** {@code enum ibv_wc_flags} bits, e.g. {@link #WITH_IMM}. */
    public int flags(final int index)
    {
        return memory.getInt(offset(index) + WcDescriptor.WC_FLAGS_OFFSET);
    }

    /** libibverbs' text for the status of completion {@code index}. Allocates: for errors and logs only. */
    public String statusText(final int index)
    {
        return CompletionStatus.describe(status(index));
    }

    long address()
    {
        return address;
    }

    /** Test support: what a provider would write. */
    ByteBuffer memory()
    {
        return memory;
    }

    private int offset(final int index)
    {
        if (index < 0 || index >= capacity)
        {
            throw new IndexOutOfBoundsException("Completion " + index + " of " + capacity);
        }
        return index * WcDescriptor.SIZE;
    }
}
