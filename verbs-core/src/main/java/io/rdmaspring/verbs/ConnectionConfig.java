package io.rdmaspring.verbs;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Sizes and timeouts of an {@link RdmaConnection}: chainable setters, then {@link #conclude()} validates. Memory per
 * connection is {@code (sendBuffers + receiveBuffers) * maxMessageSize} bytes, pinned.
 */
public final class ConnectionConfig
{
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024;
    public static final int DEFAULT_BUFFERS = 64;
    public static final int DEFAULT_MAX_INLINE_DATA = 128;
    public static final int DEFAULT_SIGNAL_EVERY = 16;

    private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
    private int sendBuffers = DEFAULT_BUFFERS;
    private int receiveBuffers = DEFAULT_BUFFERS;
    private int maxInlineData = DEFAULT_MAX_INLINE_DATA;
    private int signalEvery = DEFAULT_SIGNAL_EVERY;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration closeTimeout = Duration.ofSeconds(5);
    private Duration acknowledgeDelay = Duration.ofMillis(1);
    private Duration livenessTimeout = Duration.ofSeconds(15);
    private @Nullable CompletionChannel completionChannel;
    private ConnectionSecurity security = new ConnectionSecurity();

    /** The largest message, in bytes: the size of every send and receive buffer. */
    public ConnectionConfig maxMessageSize(final int bytes)
    {
        this.maxMessageSize = bytes;
        return this;
    }

    public int maxMessageSize()
    {
        return maxMessageSize;
    }

    /** Registered send buffers: how many messages may be in flight before the sender is held back. */
    public ConnectionConfig sendBuffers(final int count)
    {
        this.sendBuffers = count;
        return this;
    }

    public int sendBuffers()
    {
        return sendBuffers;
    }

    /** Receive buffers posted in advance: the credits the peer starts with. */
    public ConnectionConfig receiveBuffers(final int count)
    {
        this.receiveBuffers = count;
        return this;
    }

    public int receiveBuffers()
    {
        return receiveBuffers;
    }

    /** Messages up to this many bytes are copied into the work request (inline) instead of read by DMA. */
    public ConnectionConfig maxInlineData(final int bytes)
    {
        this.maxInlineData = bytes;
        return this;
    }

    public int maxInlineData()
    {
        return maxInlineData;
    }

    /** Every n-th send asks for a completion; the ones between are reclaimed with it. At most {@link #sendBuffers}. */
    public ConnectionConfig signalEvery(final int n)
    {
        this.signalEvery = n;
        return this;
    }

    public int signalEvery()
    {
        return signalEvery;
    }

    /** The most each connection manager step may take. */
    public ConnectionConfig connectTimeout(final Duration timeout)
    {
        this.connectTimeout = timeout;
        return this;
    }

    public Duration connectTimeout()
    {
        return connectTimeout;
    }

    /** How long {@link RdmaConnection#close()} waits for in-flight messages to be processed by the peer. */
    public ConnectionConfig closeTimeout(final Duration timeout)
    {
        this.closeTimeout = timeout;
        return this;
    }

    public Duration closeTimeout()
    {
        return closeTimeout;
    }

    /**
     * How long processed messages may go unacknowledged when no message back carries the count; then it is written
     * into the sender's credit word. Shorter completes senders' acknowledgements sooner; longer saves an RDMA WRITE
     * per message in request-reply traffic, where replies carry the count. A quarter of the receive buffers waiting
     * is acknowledged at once.
     */
    public ConnectionConfig acknowledgeDelay(final Duration delay)
    {
        this.acknowledgeDelay = delay;
        return this;
    }

    public Duration acknowledgeDelay()
    {
        return acknowledgeDelay;
    }

    /**
     * How long a connection whose sent messages await confirmation may go without any sign of its peer (a completion,
     * an acknowledgement) before it fails, so that their senders learn they are in doubt instead of waiting forever.
     * A peer that died, or whose link went down, writes nothing and, when nothing is posted, its queue pair's
     * retries never start. After a third of it without a sign the connection posts a probe (a signaled write of its
     * processed count) that the peer's device answers even when its application is slow, so only a peer that cannot
     * answer at all is failed: by the probe's error completion, or at this timeout. {@link Duration#ZERO} disables
     * the check.
     */
    public ConnectionConfig livenessTimeout(final Duration timeout)
    {
        this.livenessTimeout = timeout;
        return this;
    }

    public Duration livenessTimeout()
    {
        return livenessTimeout;
    }

    /**
     * The channel each connection's completion queue reports to, so that an event-mode {@link ConnectionPoller}
     * can sleep until something completes: {@link ConnectionPoller#channel()}. It must belong to the context of the
     * connections' protection domain. {@code null}, the default: the queues can only be polled.
     */
    public ConnectionConfig completionChannel(final @Nullable CompletionChannel channel)
    {
        this.completionChannel = channel;
        return this;
    }

    public @Nullable CompletionChannel completionChannel()
    {
        return completionChannel;
    }

    /**
     * Who may connect, and the shared secret this side proves when connecting (see {@link ConnectionSecurity}). By
     * default nothing is checked.
     */
    public ConnectionConfig security(final ConnectionSecurity security)
    {
        this.security = security;
        return this;
    }

    public ConnectionSecurity security()
    {
        return security;
    }

    /** Validates; returns this. */
    public ConnectionConfig conclude()
    {
        require(maxMessageSize >= 1 && maxMessageSize <= 1 << 30, "maxMessageSize", maxMessageSize, "1 B .. 1 GiB");
        require(sendBuffers >= 1 && sendBuffers <= 1 << 16, "sendBuffers", sendBuffers, "1 .. 65536");
        require(receiveBuffers >= 1 && receiveBuffers <= 1 << 16, "receiveBuffers", receiveBuffers, "1 .. 65536");
        require(maxInlineData >= 0 && maxInlineData <= 1024, "maxInlineData", maxInlineData, "0 .. 1024");
        require(signalEvery >= 1, "signalEvery", signalEvery, ">= 1");
        signalEvery = Math.min(signalEvery, sendBuffers);
        require(!connectTimeout.isNegative() && !connectTimeout.isZero(), "connectTimeout", connectTimeout, "> 0");
        require(!closeTimeout.isNegative(), "closeTimeout", closeTimeout, ">= 0");
        require(!acknowledgeDelay.isNegative(), "acknowledgeDelay", acknowledgeDelay, ">= 0");
        require(!livenessTimeout.isNegative(), "livenessTimeout", livenessTimeout, ">= 0 (0 disables the check)");
        security.conclude();
        return this;
    }

    /**
     * Bytes this configuration pins per connection, as they count against RLIMIT_MEMLOCK: the send and the receive
     * buffers and the credit word, each registered in whole pages.
     */
    public long pinnedBytesPerConnection()
    {
        return MemoryLimits.pages((long)sendBuffers * maxMessageSize)
            + MemoryLimits.pages((long)receiveBuffers * maxMessageSize) + MemoryLimits.pages(CreditWord.SIZE);
    }

    private static void require(final boolean valid, final String name, final Object value, final String range)
    {
        if (!valid)
        {
            throw new IllegalArgumentException("Connection setting " + name + " is " + value + "; it must be " + range);
        }
    }

    @Override
    public String toString()
    {
        return "ConnectionConfig[maxMessageSize=" + maxMessageSize + ", sendBuffers=" + sendBuffers
            + ", receiveBuffers=" + receiveBuffers + ", maxInlineData=" + maxInlineData + ", signalEvery="
            + signalEvery + ", " + security + "]";
    }
}
