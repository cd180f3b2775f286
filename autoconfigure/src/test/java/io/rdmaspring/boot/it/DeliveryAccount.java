package io.rdmaspring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.rdmaspring.boot.core.RdmaDeliveryException;
import io.rdmaspring.boot.core.RdmaTemplate;

/**
 * The sender's half of the exactly-once accounting of the fault tests: every message gets an id, and its
 * {@code convertAndSendAsync} future says whether the listener processed it (completed) or not (failed). Checked
 * against the ids the consumer printed as processed: each id is processed at most once, every completed id was
 * processed, and a failed id was processed only where the delivery contract allows it, a failure that says
 * {@link RdmaDeliveryException#mayHaveBeenProcessed()}.
 */
final class DeliveryAccount
{
    private final String prefix;
    private final Map<String, CompletableFuture<Void>> outcomes = new ConcurrentHashMap<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicInteger maxOutstanding = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();

    DeliveryAccount(final String prefix)
    {
        this.prefix = prefix;
    }

    /** Sends the next id and returns its future. */
    CompletableFuture<Void> sendNext(final RdmaTemplate template, final String destination)
    {
        final String id = prefix + sent.incrementAndGet();
        maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
        final CompletableFuture<Void> outcome = template.convertAndSendAsync(destination, id);
        outcomes.put(id, outcome);
        outcome.whenComplete((ignored, failure) ->
        {
            outstanding.decrementAndGet();
            if (failure == null)
            {
                completed.incrementAndGet();
            }
        });
        return outcome;
    }

    /** How many ids were sent so far. */
    int sent()
    {
        return sent.get();
    }

    int completed()
    {
        return completed.get();
    }

    /** Ids sent whose outcome is not known yet; the most there ever were, counting the one being sent. */
    int maxOutstanding()
    {
        return maxOutstanding.get();
    }

    /** How many ids numbered above {@code after} completed. */
    int completedAfter(final int after)
    {
        int count = 0;
        for (final Map.Entry<String, CompletableFuture<Void>> entry : outcomes.entrySet())
        {
            final CompletableFuture<Void> outcome = entry.getValue();
            if (number(entry.getKey()) > after && outcome.isDone() && !outcome.isCompletedExceptionally())
            {
                count++;
            }
        }
        return count;
    }

    /** The failures reported so far, by id in send order. */
    Map<Integer, Throwable> failures()
    {
        final Map<Integer, Throwable> failures = new TreeMap<>();
        for (final Map.Entry<String, CompletableFuture<Void>> entry : outcomes.entrySet())
        {
            final Throwable failure = failure(entry.getValue());
            if (failure != null)
            {
                failures.put(number(entry.getKey()), failure);
            }
        }
        return failures;
    }

    /** Waits until every future is done; fails naming those that are not. */
    void awaitOutcomes(final Duration timeout) throws InterruptedException
    {
        try
        {
            CompletableFuture.allOf(outcomes.values().toArray(CompletableFuture[]::new)).exceptionally(ignored -> null)
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            final List<String> pending = new ArrayList<>();
            outcomes.forEach((id, outcome) ->
            {
                if (!outcome.isDone())
                {
                    pending.add(id);
                }
            });
            throw new AssertionError("No outcome within " + timeout + " for " + pending.size() + " of " + sent()
                + " messages, e.g. " + pending.subList(0, Math.min(10, pending.size())), ex);
        }
    }

    /**
     * Checks every id against the consumer's output.
     *
     * @param output the lines the consumer JVMs printed, {@code PROCESSED <id>} among them
     * @param inDoubtAllowed whether a failure with {@code mayHaveBeenProcessed()} may hide a processed message
     *     (after a crash or a link failure); false where the contract promises a clean outcome (graceful shutdown)
     */
    void assertAccountedFor(final List<String> output, final boolean inDoubtAllowed)
    {
        final Set<String> processed = new HashSet<>();
        final List<String> twice = new ArrayList<>();
        for (final String line : output)
        {
            if (line.startsWith(LedgerApplication.PROCESSED + prefix))
            {
                final String id = line.substring(LedgerApplication.PROCESSED.length());
                if (!processed.add(id))
                {
                    twice.add(id);
                }
            }
        }
        final List<String> unknown = new ArrayList<>();
        for (final String id : processed)
        {
            if (!outcomes.containsKey(id))
            {
                unknown.add(id);
            }
        }
        final List<String> completedNotProcessed = new ArrayList<>();
        final List<String> failedButProcessed = new ArrayList<>();
        final List<String> neither = new ArrayList<>();
        outcomes.forEach((id, outcome) ->
        {
            if (!outcome.isDone())
            {
                neither.add(id);
                return;
            }
            final Throwable failure = failure(outcome);
            if (failure == null && !processed.contains(id))
            {
                completedNotProcessed.add(id);
            }
            if (failure != null && processed.contains(id) && !(inDoubtAllowed && mayHaveBeenProcessed(failure)))
            {
                failedButProcessed.add(id + ": " + failure);
            }
        });
        assertThat(twice).as("ids processed more than once").isEmpty();
        assertThat(unknown).as("ids processed that were never sent").isEmpty();
        assertThat(neither).as("ids with no outcome").isEmpty();
        assertThat(completedNotProcessed).as("ids whose future completed but no listener processed").isEmpty();
        assertThat(failedButProcessed).as("ids reported failed although processed, with a failure that does not "
            + "say so").isEmpty();
    }

    private static boolean mayHaveBeenProcessed(final Throwable failure)
    {
        return failure instanceof RdmaDeliveryException delivery && delivery.mayHaveBeenProcessed();
    }

    private static Throwable failure(final CompletableFuture<Void> outcome)
    {
        if (!outcome.isCompletedExceptionally())
        {
            return null;
        }
        try
        {
            outcome.join();
            return null;
        }
        catch (final CompletionException ex)
        {
            return ex.getCause() instanceof CompletionException nested ? nested.getCause() : ex.getCause();
        }
        catch (final RuntimeException ex)
        {
            return ex;
        }
    }

    private int number(final String id)
    {
        return Integer.parseInt(id.substring(prefix.length()));
    }
}
