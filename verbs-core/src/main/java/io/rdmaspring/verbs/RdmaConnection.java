package io.rdmaspring.verbs;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * A reliable, ordered, zero-copy message connection over an RC queue pair.
 * <p>
 * <b>Sending.</b> {@link #acquire()} leases a registered send buffer, the caller writes the message at
 * {@link #sendOffset(int)} of {@link #sendBuffer()}, and {@link #send(int, int)} posts it: no copy (messages up to
 * the inline size are copied into the work request by the provider), no allocation. Any thread may send.
 * <p>
 * <b>Flow control.</b> The sender may have at most as many unprocessed messages as the receiver has posted buffers.
 * The receiver reports how many messages it has processed in the immediate data of every message it sends and, when
 * it has nothing to send, after {@link ConnectionConfig#acknowledgeDelay()}, by an RDMA WRITE of that count into an 8-byte credit word the sender registered for it
 * (the only memory with remote access). So a sender is held back ({@link #BACK_PRESSURED}) instead of causing
 * receiver-not-ready retries, and the same count acknowledges processing: {@link MessageHandler#onAcknowledged}.
 * <p>
 * <b>Polling.</b> One thread at a time calls {@link #poll()}; handlers run on it. Hot-path methods return codes,
 * never throw. A handler that throws fails the connection, with the exception as the cause. A
 * {@link ConnectionPoller} can poll many connections on one thread, busily or sleeping on a completion channel.
 * <p>
 * <b>Deferred processing.</b> A handler that hands a message to another thread calls {@link #defer()}: the message's
 * receive buffer stays untouched and the message unprocessed until {@link #complete(long)}. Processed, and so the
 * sender's credits and acknowledgement, advances over the contiguous prefix of completed messages only.
 */
public final class RdmaConnection implements AutoCloseable
{
    /** No credit or no free send buffer right now: poll, then retry. */
    public static final long BACK_PRESSURED = -1;
    /** The connection is closing, closed or failed. */
    public static final long NOT_CONNECTED = -2;
    /** The message is longer than both ends allow ({@link #maxMessageSize()}). */
    public static final long MESSAGE_TOO_LARGE = -3;

    /** Send queue entries kept free for credit writes on top of the send buffers. */
    private static final int CREDIT_WRITE_RESERVE = 8;
    /** How often a waiting poller looks at a credit word the peer writes, which raises no completion. */
    static final long CREDIT_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** What a close handed to a poller waits on top of the close timeout, for the poller's other work. */
    private static final long OWNER_CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final VerbsContext context;
    private final ProtectionDomain pd;
    private final ConnectionConfig config;
    private final MessageHandler handler;
    private final long acknowledgeDelayNanos;
    private final long livenessTimeoutNanos;
    private final AtomicBoolean sendLock = new AtomicBoolean();
    /** Held by the thread polling: the poller's, or one waiting in {@link ConnectionPoller#pollUntil}. */
    private final AtomicBoolean pollLock = new AtomicBoolean();
    private final WorkCompletions completions = new WorkCompletions(32);
    private final DeferredMessages deferred;
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private InetSocketAddress peer;
    private volatile @Nullable ConnectionPoller poller;
    /** When a waiting thread last began to poll this connection itself ({@link System#nanoTime()}). */
    private volatile long assistedAt;
    private volatile boolean assisted;
    private volatile boolean handedBack;

    private @Nullable CmId id;
    private @Nullable CompletionQueue cq;
    private @Nullable QueuePair qp;
    private @Nullable BufferPool sendPool;
    private @Nullable BufferPool receivePool;
    private @Nullable CreditWord credit;
    private @Nullable ConnectionHandshake remote;
    private int maxMessageSize;

    private int[] slotByPost = new int[0];
    private int postMask;
    private int maxPosts;
    private long posts;
    private long completedPosts;
    private long sentSequence;
    private long reportedProcessed;
    private volatile long processed;
    private volatile long acknowledged;
    private long notifiedAcknowledged;
    private long unreportedSince;
    private long lastCreditPost = -1;
    /** {@link #now()}'s reading in the current poll, valid while {@code clockRead}. */
    private long clock;
    private boolean clockRead;
    private boolean lastCreditSignaled;
    private long receivedSequence;
    private long delivering;
    private int deliveringSlot;
    private long deferredSequence;
    private long refusedFrom;
    private long closeDeadline;
    private long silentSince;
    private long acknowledgedAtCheck;
    private long probePost = -1;
    private long probeSince;
    private volatile ConnectionState state = ConnectionState.CONNECTING;
    private volatile boolean peerDisconnected;
    private volatile @Nullable Throwable failure;
    private boolean closedNotified;

    private RdmaConnection(final ProtectionDomain pd, final ConnectionConfig config, final MessageHandler handler,
        final InetSocketAddress peer)
    {
        this.context = pd.context();
        this.pd = pd;
        this.config = config.conclude();
        this.acknowledgeDelayNanos = config.acknowledgeDelay().toNanos();
        this.livenessTimeoutNanos = config.livenessTimeout().toNanos();
        this.handler = handler;
        this.peer = peer;
        this.deferred = new DeferredMessages(this.config.receiveBuffers());
    }

    /** Connects to {@code remote}; the future completes once the connection is open. */
    public static CompletableFuture<RdmaConnection> connect(final RdmaConnector connector, final ProtectionDomain pd,
        final InetSocketAddress remote, final ConnectionConfig config, final MessageHandler handler)
    {
        final RdmaConnection connection = new RdmaConnection(pd, config, handler, remote);
        final CompletableFuture<RdmaConnection> result = new CompletableFuture<>();
        connector.connect(remote, config.connectTimeout(), connection.new Setup(result::complete))
            .whenComplete((id, cause) ->
            {
                if (cause != null)
                {
                    result.completeExceptionally(cause);
                }
            });
        return result;
    }

    /**
     * Listens on {@code local}; each accepted connection gets {@code handler} and is handed to {@code accepted}
     * (on the connection manager thread) once open.
     */
    public static RdmaAcceptor listen(final ProtectionDomain pd, final InetSocketAddress local,
        final ConnectionConfig config, final MessageHandler handler, final Consumer<RdmaConnection> accepted)
    {
        config.conclude();
        return RdmaAcceptor.listen(local, 128, config.connectTimeout(), config.security(),
            () -> new RdmaConnection(pd, config, handler, local).new Setup(accepted));
    }

    /** A free send buffer slot, or {@link #BACK_PRESSURED} / {@link #NOT_CONNECTED}. */
    public int acquire()
    {
        if (state != ConnectionState.OPEN)
        {
            return (int)NOT_CONNECTED;
        }
        final int slot = sendPool().acquire();
        return slot < 0 ? (int)BACK_PRESSURED : slot;
    }

    /** Returns a slot acquired but not sent. */
    public void release(final int slot)
    {
        sendPool().release(slot);
    }

    /** The registered send memory; slot {@code n} starts at {@link #sendOffset(int) sendOffset(n)}. */
    public ByteBuffer sendBuffer()
    {
        return sendPool().buffer();
    }

    public int sendOffset(final int slot)
    {
        return sendPool().offset(slot);
    }

    /**
     * Sends the {@code length} bytes written at {@link #sendOffset(int) sendOffset(slot)}. On success the slot
     * belongs to the connection again and the message's sequence number (from 1) is returned; on a negative code the
     * slot is still the caller's, to retry or {@link #release(int)}.
     */
    public long send(final int slot, final int length)
    {
        if (length < 0 || length > maxMessageSize)
        {
            return MESSAGE_TOO_LARGE;
        }
        final long result = post(slot, length);
        final ConnectionPoller owner = poller;
        if (owner != null && result > 0)
        {
            owner.sent();
        }
        return result;
    }

    private long post(final int slot, final int length)
    {
        lock();
        try
        {
            if (state != ConnectionState.OPEN)
            {
                return NOT_CONNECTED;
            }
            if (sentSequence - acknowledged >= remote().receiveBuffers() || posts - completedPosts >= maxPosts)
            {
                return BACK_PRESSURED;
            }
            final QueuePair queuePair = qp();
            final BufferPool pool = sendPool();
            final boolean inline = length <= queuePair.maxInlineData();
            final long carried = processed;
            final int cell = (int)posts & postMask;
            slotByPost[cell] = inline ? -1 : slot;
            queuePair.sendRequests().sendWithImmediate(0, posts, pool.address(slot), length, pool.lkey(),
                inline ? SendFlags.INLINE : 0, (int)carried);
            final int rc = queuePair.postSend(1);
            if (rc != 0)
            {
                slotByPost[cell] = -1;
                fail(new VerbsException("ibv_post_send", rc, "Sending to " + peer + " failed: ibv_post_send refused "
                    + "the request (" + Errno.describe(rc) + "); the connection is closed."));
                return NOT_CONNECTED;
            }
            posts++;
            reportedProcessed = Math.max(reportedProcessed, carried);
            if (inline)
            {
                pool.release(slot);
            }
            return ++sentSequence;
        }
        finally
        {
            unlock();
        }
    }

    /**
     * Throws {@link IllegalArgumentException} naming both sizes unless a message of {@code length} bytes fits: the
     * readable form of {@link #MESSAGE_TOO_LARGE} for callers off the hot path.
     */
    public void checkMessageSize(final int length)
    {
        if (length < 0 || length > maxMessageSize)
        {
            throw new IllegalArgumentException("A message of " + length + " bytes exceeds the maximum of "
                + maxMessageSize + " bytes this connection to " + peer + " accepts (the smaller of both ends' "
                + "maxMessageSize). Send smaller messages or raise maxMessageSize on both ends.");
        }
    }

    /** Copies {@code length} bytes of {@code source} from {@code offset} into a send buffer and sends them. */
    public long offer(final ByteBuffer source, final int offset, final int length)
    {
        if (length < 0 || length > maxMessageSize)
        {
            return MESSAGE_TOO_LARGE;
        }
        final int slot = acquire();
        if (slot < 0)
        {
            return slot;
        }
        sendBuffer().put(sendOffset(slot), source, offset, length);
        final long result = send(slot, length);
        if (result < 0)
        {
            release(slot);
        }
        return result;
    }

    /**
     * Handles completed receives (calling the handler), completed sends and acknowledgements; returns how many
     * completions it handled. Call from one thread at a time.
     */
    public int poll()
    {
        if (state == ConnectionState.CLOSED || state == ConnectionState.CONNECTING)
        {
            return 0;
        }
        clockRead = false;
        // Read before the completion queue: a count the peer wrote after replying is then applied only once that
        // reply has been handled, so an error reply always reaches the handler before the acknowledgement it precedes.
        final long creditWord = credit().received();
        final int count = cq().poll(completions);
        int received = 0;
        long completedUpTo = processed;
        long lastSendCompleted = -1;
        final BufferPool pool = receivePool();
        final ReceiveWorkRequests reposts = qp().receiveRequests();
        for (int i = 0; i < count; i++)
        {
            if (!completions.isSuccess(i))
            {
                fail(completionFailure(i)); // applies the peer's final count first: it may have landed just before
                continue;
            }
            final long wrId = completions.wrId(i);
            if (CompletionOpcode.isReceive(completions.opcode(i)))
            {
                if (completions.hasImmediate(i))
                {
                    acknowledge(completions.immediate(i));
                }
                final int slot = (int)wrId;
                final long sequence = ++receivedSequence;
                if (refusedFrom == 0 && state != ConnectionState.FAILED
                    && deliver(pool, slot, sequence, completions.byteLength(i)))
                {
                    continue; // deferred: the buffer stays the handler's until complete(sequence)
                }
                if (refusedFrom != 0)
                {
                    continue; // refused: never processed, and the connection closes, so its buffer is not reposted
                }
                reposts.receive(received++, slot, pool.address(slot), pool.bufferSize(), pool.lkey());
                if (deferred.outstanding() == 0)
                {
                    completedUpTo = sequence;
                }
                else
                {
                    deferred.completed(sequence);
                }
            }
            else
            {
                lastSendCompleted = Math.max(lastSendCompleted, wrId);
            }
        }
        if (lastSendCompleted >= 0)
        {
            sendCompleted(lastSendCompleted);
        }
        if (state != ConnectionState.FAILED && state != ConnectionState.CLOSED)
        {
            if (received > 0)
            {
                repost(received, completedUpTo);
            }
            if (deferred.outstanding() > 0)
            {
                takeBackCompleted();
            }
        }
        if (count < completions.capacity() && creditWord > acknowledged)
        {
            advanceAcknowledged(creditWord);
        }
        if (peerDisconnected && state == ConnectionState.OPEN && count < completions.capacity())
        {
            // The peer disconnected and nothing is left to flush (every receive deferred, no send in flight), so no
            // error completion would ever end the connection: end it here.
            fail(peerClosed());
            return count + 1;
        }
        reportProcessed();
        if (sentSequence > acknowledged && livenessTimeoutNanos > 0)
        {
            checkLiveness(count);
        }
        return count;
    }

    /**
     * While sent messages await confirmation, measures how long the peer has given no sign (no completion of any
     * kind, no acknowledgement): after a third of the liveness timeout it posts a probe the peer's device must
     * answer; once the silence lasted the whole timeout and the probe a third of it (so that a caller who polls
     * rarely does not fail a live connection) it fails the connection. The probe's completion ends the silence, and
     * its error completion (the queue pair's retries exhausted) fails the connection sooner.
     */
    private void checkLiveness(final int handled)
    {
        if (handled > 0 || acknowledged != acknowledgedAtCheck || state != ConnectionState.OPEN)
        {
            acknowledgedAtCheck = acknowledged;
            silentSince = 0;
            return;
        }
        final long now = now();
        if (silentSince == 0)
        {
            silentSince = now;
            return;
        }
        final long silent = now - silentSince;
        if (probePost >= completedPosts)
        {
            if (silent >= livenessTimeoutNanos && now - probeSince >= livenessTimeoutNanos / 3)
            {
                fail(new VerbsException("ibv_poll_cq", Errno.ETIMEDOUT, peer + " gave no sign for "
                    + TimeUnit.NANOSECONDS.toMillis(silent) + " ms (livenessTimeout), not even its device's answer "
                    + "to a probe, while " + (sentSequence - acknowledged) + " messages awaited confirmation: the "
                    + "peer or the link is down. The connection is failed; messages after sequence " + acknowledged
                    + " were not confirmed processed. Connect again once the peer is reachable."));
            }
        }
        else if (silent >= livenessTimeoutNanos / 3 && writeCredit(processed, true))
        {
            probePost = lastCreditPost;
            probeSince = now;
        }
    }

    /** Hands message {@code sequence} to the handler; true when the handler deferred it. */
    private boolean deliver(final BufferPool pool, final int slot, final long sequence, final int length)
    {
        delivering = sequence;
        deliveringSlot = slot;
        try
        {
            handler.onMessage(this, pool.buffer(), pool.offset(slot), length);
        }
        catch (final Throwable ex)
        {
            fail(new IllegalStateException("The message handler of the connection with " + peer + " threw on message "
                + sequence + " (" + ex + "); the connection is failed.", ex));
        }
        finally
        {
            delivering = 0;
        }
        return deferredSequence == sequence;
    }

    /**
     * On a closing connection, refuses the message being delivered and every later one: none of them is delivered or
     * processed, so the final processed count the peer gets excludes them and their sends fail, when the handler
     * cannot tell the sender why (a closing connection sends nothing new). Call it only inside
     * {@link MessageHandler#onMessage}, on the polling thread.
     *
     * @throws IllegalStateException outside {@link MessageHandler#onMessage} or unless the connection is closing.
     */
    public void refuseFromHere()
    {
        final long sequence = delivering;
        if (sequence == 0 || state != ConnectionState.CLOSING)
        {
            throw new IllegalStateException("refuseFromHere() is for MessageHandler.onMessage, on the polling thread, "
                + "while the closing connection with " + peer + " delivers a message; it is " + state);
        }
        if (refusedFrom == 0)
        {
            refusedFrom = sequence;
        }
    }

    /**
     * Defers the message being delivered: call it only inside {@link MessageHandler#onMessage}, on the polling
     * thread. The message's view ({@code buffer, offset, length}) stays valid, and the message unprocessed (so
     * neither acknowledged to the sender nor its credit returned), until {@link #complete(long)} with the returned
     * ticket. Calling it twice for one message returns the same ticket.
     *
     * @return the ticket: the message's sequence number on this connection, from 1.
     * @throws IllegalStateException outside {@link MessageHandler#onMessage}.
     */
    public long defer()
    {
        final long sequence = delivering;
        if (sequence == 0)
        {
            throw new IllegalStateException("defer() is for MessageHandler.onMessage, on the polling thread, while "
                + "the connection with " + peer + " delivers a message");
        }
        if (deferredSequence != sequence)
        {
            deferredSequence = sequence;
            deferred.defer(sequence, deliveringSlot);
        }
        return sequence;
    }

    /**
     * Marks the deferred message {@code ticket} processed; any thread, any order. Its buffer goes back to the
     * receive ring on the polling thread, and the processed count, which the sender sees as credits and
     * acknowledgement, advances over the contiguous prefix of completed messages. Once the connection failed or
     * closed it does nothing.
     *
     * @throws IllegalArgumentException when {@code ticket} is not a deferred message awaiting completion (completed
     *     twice, or not from {@link #defer()}) on a connection still open or closing.
     */
    public void complete(final long ticket)
    {
        if (deferred.complete(ticket))
        {
            final ConnectionPoller owner = poller;
            if (owner != null)
            {
                owner.completed();
            }
            return;
        }
        final ConnectionState current = state;
        if (current != ConnectionState.FAILED && current != ConnectionState.CLOSED)
        {
            throw new IllegalArgumentException("Ticket " + ticket + " is not a deferred message awaiting completion on "
                + this + ": completed twice, or not returned by defer()");
        }
    }

    /** Posts the buffers of completed deferred messages again and advances processed over them. */
    private void takeBackCompleted()
    {
        final BufferPool pool = receivePool();
        final ReceiveWorkRequests reposts = qp().receiveRequests();
        int count = 0;
        long next = processed + 1;
        while (next <= receivedSequence && deferred.isCompleted(next))
        {
            final int slot = deferred.take(next++);
            if (slot >= 0)
            {
                reposts.receive(count++, slot, pool.address(slot), pool.bufferSize(), pool.lkey());
            }
        }
        repost(count, next - 1);
    }

    /** Posts receive requests 0 to {@code count - 1}, then counts every message up to {@code processedTo} processed. */
    private void repost(final int count, final long processedTo)
    {
        final int rc = count > 0 ? qp().postReceive(count) : 0;
        if (rc != 0)
        {
            fail(new VerbsException("ibv_post_recv", rc, "Reposting receive buffers for " + peer + " failed: "
                + "ibv_post_recv refused them (" + Errno.describe(rc) + "); the connection is closed."));
            return;
        }
        if (processedTo > processed)
        {
            if (processed == reportedProcessed)
            {
                unreportedSince = now();
            }
            processed = processedTo;
        }
    }

    /** Completions arrive in posting order, so one for {@code post} means every earlier post completed too. */
    private void sendCompleted(final long post)
    {
        final BufferPool pool = sendPool();
        lock();
        try
        {
            for (long p = completedPosts; p <= post; p++)
            {
                final int cell = (int)p & postMask;
                final int slot = slotByPost[cell];
                if (slot >= 0)
                {
                    slotByPost[cell] = -1;
                    pool.release(slot);
                }
            }
            completedPosts = Math.max(completedPosts, post + 1);
        }
        finally
        {
            unlock();
        }
    }

    private void acknowledge(final int low32)
    {
        final long current = acknowledged;
        final int delta = low32 - (int)current;
        if (delta > 0)
        {
            advanceAcknowledged(current + delta);
        }
    }

    private void acknowledgeFromCreditWord()
    {
        final long written = credit().received();
        if (written > acknowledged)
        {
            advanceAcknowledged(written);
        }
    }

    private void advanceAcknowledged(final long value)
    {
        acknowledged = value;
        if (value > notifiedAcknowledged)
        {
            notifiedAcknowledged = value;
            handler.onAcknowledged(this, value);
        }
    }

    /** Writes the processed count into the peer's credit word when messages have gone unreported long enough. */
    /**
     * The time, read at most once per {@link #poll()}: a spinning caller polls many times per message, and where the
     * clock is slow to read (an emulated HPET takes about 2 us) two reads per poll slowed noticing a completion.
     */
    private long now()
    {
        if (!clockRead)
        {
            clock = System.nanoTime();
            clockRead = true;
        }
        return clock;
    }

    private void reportProcessed()
    {
        final long current = processed;
        final long unreported = current - reportedProcessed;
        if (unreported <= 0 || state != ConnectionState.OPEN && state != ConnectionState.CLOSING)
        {
            return;
        }
        if (unreported < Math.max(1, config.receiveBuffers() / 4)
            && now() - unreportedSince < acknowledgeDelayNanos)
        {
            return;
        }
        writeCredit(current, false);
    }

    /**
     * Posts an RDMA WRITE of {@code current} into the peer's credit word unless the send queue is full or a send
     * carried as much already; {@code signaled} asks for a completion, and writes even an unchanged count. True when
     * it posted the write.
     */
    private boolean writeCredit(final long current, final boolean signaled)
    {
        lock();
        try
        {
            if (posts - completedPosts >= maxPosts || current < reportedProcessed
                || current == reportedProcessed && !signaled)
            {
                return false;
            }
            final CreditWord word = credit();
            final ConnectionHandshake peerHandshake = remote();
            word.stageOutgoing(current);
            final QueuePair queuePair = qp();
            slotByPost[(int)posts & postMask] = -1;
            queuePair.sendRequests().rdmaWrite(0, posts, word.outgoingAddress(), Long.BYTES, word.lkey(),
                signaled ? SendFlags.INLINE | SendFlags.SIGNALED : SendFlags.INLINE, peerHandshake.creditAddress(),
                peerHandshake.creditRkey());
            final int rc = queuePair.postSend(1);
            if (rc != 0)
            {
                fail(new VerbsException("ibv_post_send", rc, "Acknowledging to " + peer + " failed: ibv_post_send "
                    + "refused the RDMA WRITE (" + Errno.describe(rc) + "); the connection is closed."));
                return false;
            }
            lastCreditPost = posts++;
            lastCreditSignaled = signaled;
            reportedProcessed = current;
            return true;
        }
        finally
        {
            unlock();
        }
    }

    private VerbsException completionFailure(final int index)
    {
        final String what = CompletionOpcode.isReceive(completions.opcode(index)) ? "A receive" : "A send";
        if (peerDisconnected || completions.status(index) == CompletionStatus.WR_FLUSH_ERR)
        {
            return peerClosed();
        }
        return new VerbsException("ibv_poll_cq", Errno.EIO, what + " on the connection with " + peer + " failed: "
            + completions.statusText(index) + " (vendor error " + completions.vendorError(index) + "). The connection "
            + "is closed; messages after sequence " + acknowledged + " were not confirmed processed.");
    }

    private VerbsException peerClosed()
    {
        acknowledgeFromCreditWord(); // so the message names the final count
        return new VerbsException("ibv_poll_cq", Errno.ECONNRESET, peer + " closed the connection"
            + (peerDisconnected ? "" : " or it failed") + "; messages after sequence " + acknowledged
            + " were not confirmed processed.");
    }

    private void fail(final Throwable cause)
    {
        if (state == ConnectionState.FAILED || state == ConnectionState.CLOSED)
        {
            return;
        }
        failure = cause;
        state = ConnectionState.FAILED;
        notifyClosed(cause);
    }

    /**
     * Tells the handler the connection ended, after applying the credit word: a peer that closes gracefully writes its
     * final processed count there and disconnects only once that write completed, so the count is in the word when
     * its disconnect (or the flush it causes) is seen, although no completion announced it.
     */
    private void notifyClosed(final @Nullable Throwable cause)
    {
        if (!closedNotified)
        {
            closedNotified = true;
            if (credit != null)
            {
                acknowledgeFromCreditWord();
            }
            handler.onClosed(this, cause, acknowledged);
        }
    }

    /** The highest sequence number the peer has confirmed processed. */
    public long acknowledged()
    {
        return acknowledged;
    }

    /** The sequence number of the last message sent. */
    public long sent()
    {
        return sentSequence;
    }

    /**
     * How many received messages are processed: every one up to this sequence number returned from its handler
     * without being deferred, or was completed. What the peer sees acknowledged, once reported.
     */
    public long processed()
    {
        return processed;
    }

    /** The largest message both ends accept, in bytes. */
    public int maxMessageSize()
    {
        return maxMessageSize;
    }

    public ConnectionState state()
    {
        return state;
    }

    /** Why the connection failed, or null. */
    public @Nullable Throwable failure()
    {
        return failure;
    }

    public InetSocketAddress peer()
    {
        return peer;
    }

    /** The queue pair: for tests that make a peer fall silent. */
    QueuePair queuePair()
    {
        return qp();
    }

    /** The completion queue; event-mode pollers wait on its channel. */
    public CompletionQueue completionQueue()
    {
        return cq();
    }

    public ConnectionConfig config()
    {
        return config;
    }

    /**
     * Closes gracefully: stops new sends, polls until the peer has processed everything sent and every deferred
     * message is completed (or the close timeout passes), tells the peer the final processed count, disconnects and
     * releases the queue pair, buffers and completion queue. Call it from the polling thread, or when nobody polls;
     * a connection a {@link ConnectionPoller} polls may be closed from any thread: on another thread the poller
     * closes it and this waits, on the poller's thread the close begins and the poller finishes it. Safe to call
     * twice.
     *
     * @throws VerbsException when the kernel refused to destroy a resource; the connection is closed all the same,
     *     and what the kernel kept stays counted open in the protection domain, which retries when it closes.
     */
    @Override
    public void close()
    {
        if (state == ConnectionState.CLOSED)
        {
            return;
        }
        final ConnectionPoller owner = poller;
        if (owner == null || !owner.close(this))
        {
            beginClose();
            while (!drained())
            {
                if (poll() == 0)
                {
                    Thread.onSpinWait();
                }
            }
            finishClose();
        }
    }

    /** Stops new sends and starts the close timeout; only an open connection begins to close. */
    void beginClose()
    {
        if (state == ConnectionState.OPEN)
        {
            closeDeadline = System.nanoTime() + config.closeTimeout().toNanos();
            state = ConnectionState.CLOSING;
        }
    }

    /**
     * Whether a closing connection may disconnect, on the polling thread: the peer processed everything sent, every
     * deferred message is completed and the peer has been told the processed count (or the close timeout passed).
     */
    boolean drained()
    {
        if (state != ConnectionState.CLOSING)
        {
            return true;
        }
        if (System.nanoTime() - closeDeadline >= 0)
        {
            if (!peerDisconnected)
            {
                writeCredit(processed, false); // at least try: the disconnect may flush it
            }
            return true;
        }
        if (acknowledged < sentSequence || deferred.outstanding() > 0)
        {
            return false;
        }
        if (peerDisconnected)
        {
            return true;
        }
        if (processed > reportedProcessed || lastCreditPost >= completedPosts && !lastCreditSignaled)
        {
            // Disconnecting flushes writes not yet executed, and an unsignaled one (a count reportProcessed posted)
            // never says when it was: write the final count with a completion to wait for.
            writeCredit(processed, true);
            return false;
        }
        return completedPosts > lastCreditPost;
    }

    /**
     * Disconnects, reports the end to the handler and releases the resources, whatever the state; throws when a
     * resource could not be destroyed.
     */
    void finishClose()
    {
        if (state == ConnectionState.CLOSED)
        {
            return;
        }
        try
        {
            final CmId cmId = id;
            if (cmId != null)
            {
                cmId.disconnect();
            }
            final long unconfirmed = sentSequence - acknowledged;
            notifyClosed(unconfirmed == 0 || failure != null ? failure : new VerbsException("rdma_disconnect",
                Errno.ETIMEDOUT, unconfirmed + " messages to " + peer + " were not confirmed processed within "
                + config.closeTimeout().toMillis() + " ms of closing"));
        }
        finally
        {
            state = ConnectionState.CLOSED;
            try
            {
                releaseResources();
            }
            finally
            {
                closedLatch.countDown();
            }
        }
    }

    /** Waits until another thread has finished closing this connection; false when the time passed first. */
    boolean awaitClosed()
    {
        try
        {
            return closedLatch.await(config.closeTimeout().toNanos() + OWNER_CLOSE_GRACE_NANOS, TimeUnit.NANOSECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Takes the right to poll, without waiting: false while another thread polls. */
    boolean tryLockPolling()
    {
        return !pollLock.get() && pollLock.compareAndSet(false, true);
    }

    /** Takes the right to poll, spinning while another thread polls (it holds it for a bounded time). */
    void lockPolling()
    {
        while (!tryLockPolling())
        {
            Thread.onSpinWait();
        }
    }

    void unlockPolling()
    {
        pollLock.set(false);
    }

    /** A waiting thread polls this connection itself from {@code now} on, so its poller need not arm for it. */
    void assisting(final long now)
    {
        assistedAt = now;
        handedBack = false;
        assisted = true;
    }

    /** Whether a waiting thread polls this connection now: its poller leaves it alone. */
    boolean isAssisted()
    {
        return assisted;
    }

    /**
     * The waiting thread stopped polling. When it {@code gaveUp} (no reply within its spin), its poller takes over at
     * once instead of leaving the queue unarmed for a while.
     */
    void assisted(final boolean gaveUp)
    {
        handedBack = gaveUp;
        assisted = false;
    }

    /** The poller that owns this connection, if one does. */
    @Nullable ConnectionPoller poller()
    {
        return poller;
    }

    /**
     * Whether a waiting thread polls this connection now or began to within {@code windowNanos} before {@code now}: a
     * thread that sends requests one after another polls for each reply itself, so work its poller finds there meanwhile
     * is not worth spinning on for more.
     */
    boolean assistedWithin(final long now, final long windowNanos)
    {
        return assisted || assistedAt != 0 && now - assistedAt < windowNanos;
    }

    /**
     * Whether the poller may leave this connection's queue unarmed: a waiting thread polls it, or began to within
     * {@code windowNanos} and did not give up, so it will likely poll for its next reply too. Arming for it would only
     * wake the poller for completions that thread takes.
     */
    boolean leftToAssist(final long now, final long windowNanos)
    {
        return assisted || !handedBack && assistedWithin(now, windowNanos);
    }

    /** From now on only {@code owner}'s thread polls this connection. */
    void ownedBy(final ConnectionPoller owner)
    {
        final ConnectionPoller current = poller;
        if (current != null)
        {
            throw new IllegalStateException(this + " is already polled by " + current);
        }
        poller = owner;
    }

    /** A handler threw out of {@link #poll()} on a poller's thread: fails the connection with that cause. */
    void handlerFailed(final Throwable cause)
    {
        fail(new IllegalStateException("A handler of the connection with " + peer + " threw on "
            + Thread.currentThread().getName() + " (" + cause + "); the connection is failed.", cause));
    }

    /**
     * How long a poller may leave this connection unpolled when no completion event comes, in nanoseconds from
     * {@code now}; {@link Long#MAX_VALUE} for as long as it likes. A credit word the peer writes and the close
     * timeout raise no event, and processed messages are due to be reported within the acknowledge delay.
     */
    long quietNanos(final long now)
    {
        final ConnectionState current = state;
        if (current == ConnectionState.CLOSING)
        {
            return CREDIT_CHECK_NANOS;
        }
        if (current != ConnectionState.OPEN)
        {
            return Long.MAX_VALUE;
        }
        final boolean sending = sendLock.get(); // read first: a send that released the lock is then seen below
        if (sending || sentSequence > acknowledged)
        {
            return CREDIT_CHECK_NANOS;
        }
        if (processed > reportedProcessed)
        {
            return Math.max(0, unreportedSince + acknowledgeDelayNanos - now);
        }
        return Long.MAX_VALUE;
    }

    /**
     * Destroys what setup made, in the order the kernel requires: the queue pair, with the connection manager id
     * (which owns nothing else here: the completion queue and the protection domain are the connection's), then
     * the completion queue the queue pair used, then the memory regions. Every step runs even when one before it
     * failed, and the first failure is thrown with the others suppressed: a region or queue the kernel kept stays
     * counted open in its protection domain or context instead of vanishing from the books. Holds the send lock, so
     * no sender's post (a system call on Soft-RoCE, which holds the queue pair) overlaps the destroy.
     */
    private void releaseResources()
    {
        lock();
        try
        {
            Resources.closeInOrder(id, cq, sendPool, receivePool, credit);
        }
        finally
        {
            unlock();
        }
    }

    /** Spins briefly, then yields: a preempted holder must get the CPU back when threads outnumber cores. */
    private void lock()
    {
        int spins = 0;
        while (!sendLock.compareAndSet(false, true))
        {
            if (++spins < 100)
            {
                Thread.onSpinWait();
            }
            else
            {
                Thread.yield();
            }
        }
    }

    private void unlock()
    {
        sendLock.set(false);
    }

    private QueuePair qp()
    {
        return Objects.requireNonNull(qp);
    }

    private CompletionQueue cq()
    {
        return Objects.requireNonNull(cq);
    }

    private BufferPool sendPool()
    {
        return Objects.requireNonNull(sendPool);
    }

    private BufferPool receivePool()
    {
        return Objects.requireNonNull(receivePool);
    }

    private CreditWord credit()
    {
        return Objects.requireNonNull(credit);
    }

    private ConnectionHandshake remote()
    {
        return Objects.requireNonNull(remote);
    }

    @Override
    public String toString()
    {
        return "RdmaConnection[" + peer + ", " + state + ", sent " + sentSequence + ", acknowledged " + acknowledged
            + "]";
    }

    /** Builds the connection's verbs resources while rdma_cm connects it. */
    private final class Setup implements ConnectionSetup
    {
        private final Consumer<RdmaConnection> opened;
        private byte @Nullable [] tokenSent;

        Setup(final Consumer<RdmaConnection> opened)
        {
            this.opened = opened;
        }

        @Override
        public byte[] prepare(final CmId cmId, final byte[] peerPrivateData)
        {
            if (peerPrivateData.length > 0)
            {
                accept(ConnectionHandshake.decode(peerPrivateData));
                final InetSocketAddress remoteAddress = cmId.remoteAddress();
                peer = remoteAddress == null ? peer : remoteAddress;
            }
            id = cmId;
            final int depth = config.sendBuffers() + CREDIT_WRITE_RESERVE;
            cq = context.createCompletionQueue(depth + config.receiveBuffers(), config.completionChannel());
            qp = cmId.createQueuePair(pd, new QueuePairConfig()
                .sendQueueDepth(depth)
                .receiveQueueDepth(config.receiveBuffers())
                .maxInlineData(config.maxInlineData())
                .signalEvery(config.signalEvery()), cq, cq);
            slotByPost = new int[Integer.highestOneBit(depth) * 2];
            Arrays.fill(slotByPost, -1);
            postMask = slotByPost.length - 1;
            maxPosts = depth;
            sendPool = BufferPool.allocate(pd, config.maxMessageSize(), config.sendBuffers());
            receivePool = BufferPool.allocate(pd, config.maxMessageSize(), config.receiveBuffers());
            credit = new CreditWord(pd);
            postAllReceives();
            final byte[] handshake = new ConnectionHandshake(config.receiveBuffers(), config.maxMessageSize(),
                credit.incomingAddress(), credit.rkey()).encode();
            return authenticated(handshake, peerPrivateData);
        }

        /** Adds the token (connecting) or the proof (accepting) when a shared secret is configured. */
        private byte[] authenticated(final byte[] handshake, final byte[] peerPrivateData)
        {
            final ConnectionSecurity security = config.security();
            if (!security.hasSharedSecret())
            {
                return handshake;
            }
            if (peerPrivateData.length == 0)
            {
                final byte[] request = ConnectionToken.sign(security.secret(), handshake,
                    System.currentTimeMillis() / 1000, ConnectionToken.newNonce());
                tokenSent = request;
                return request;
            }
            return ConnectionToken.carriesToken(peerPrivateData)
                ? ConnectionToken.prove(security.secret(), peerPrivateData, handshake) : handshake;
        }

        @Override
        public void established(final CmId cmId, final byte[] peerPrivateData)
        {
            if (remote == null)
            {
                final byte[] request = tokenSent;
                if (request != null && !ConnectionToken.proves(config.security().secret(), request, peerPrivateData))
                {
                    throw new VerbsException("rdma_connect", Errno.EACCES, "The server at " + peer + " accepted the "
                        + "connection but did not prove it knows the shared secret: it has none or another one. Set "
                        + "the same rdma.security.shared-secret on both sides.");
                }
                accept(ConnectionHandshake.decode(peerPrivateData));
            }
            state = ConnectionState.OPEN;
            opened.accept(RdmaConnection.this);
        }

        @Override
        public void disconnected(final CmId cmId, final CmEventType why)
        {
            peerDisconnected = true;
            cmId.disconnect();
        }

        @Override
        public void failed(final CmId cmId, final VerbsException cause)
        {
            failure = cause;
            state = ConnectionState.CLOSED;
            id = null;
            releaseResources();
        }

        private void accept(final ConnectionHandshake handshake)
        {
            remote = handshake;
            maxMessageSize = Math.min(config.maxMessageSize(), handshake.maxMessageSize());
        }

        private void postAllReceives()
        {
            final BufferPool pool = receivePool();
            final ReceiveWorkRequests requests = qp().receiveRequests();
            int batch = 0;
            for (int slot = pool.acquire(); slot >= 0; slot = pool.acquire())
            {
                requests.receive(batch++, slot, pool.address(slot), pool.bufferSize(), pool.lkey());
                if (batch == requests.capacity())
                {
                    postReceives(batch);
                    batch = 0;
                }
            }
            if (batch > 0)
            {
                postReceives(batch);
            }
        }

        private void postReceives(final int count)
        {
            final int rc = qp().postReceive(count);
            if (rc != 0)
            {
                throw VerbsException.of("ibv_post_recv", rc, "Posting " + count + " receive buffers failed.");
            }
        }
    }
}
