package io.rdmaspring.boot.it;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.validation.Valid;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

import io.rdmaspring.boot.annotation.RdmaListener;
import io.rdmaspring.boot.core.RdmaHeaders;
import io.rdmaspring.boot.core.RdmaServer;

/**
 * The receiving application of the RDMA integration tests: listeners for JSON requests, one-way strings, a failing
 * listener, a concurrent one and a zero-copy bulk one. Run as a main class it prints {@code READY <port>}.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class ConsumerApplication
{
    @Bean
    Listeners listeners()
    {
        return new Listeners();
    }

    @Bean
    LocalValidatorFactoryBean validator()
    {
        return new LocalValidatorFactoryBean();
    }

    public static void main(final String[] args)
    {
        final ConfigurableApplicationContext context = SpringApplication.run(ConsumerApplication.class, args);
        System.out.println("READY " + context.getBean(RdmaServer.class).localAddress().getPort());
    }

    /** What the listeners saw, for the tests to check. */
    public static class Listeners
    {
        final CopyOnWriteArrayList<String> events = new CopyOnWriteArrayList<>();
        final Set<String> parallelThreads = ConcurrentHashMap.newKeySet();
        final AtomicInteger parallelNow = new AtomicInteger();
        final AtomicInteger parallelMax = new AtomicInteger();
        final AtomicInteger parallelCount = new AtomicInteger();
        final AtomicLong bulkCount = new AtomicLong();
        final AtomicLong bulkBad = new AtomicLong();
        final AtomicLong bulkNextSequence = new AtomicLong();

        @RdmaListener(id = "orders", destination = "orders")
        public Confirmation onOrder(@Payload @Valid final Order order, @Header(RdmaHeaders.PEER) final String peer)
        {
            return new Confirmation(order.id(), "accepted " + order.quantity() + " x " + order.item(), peer);
        }

        @RdmaListener(id = "events", destination = "events")
        public void onEvent(final String text)
        {
            events.add(text);
        }

        @RdmaListener(id = "failing", destination = "failing")
        public String onFailing(final String text)
        {
            throw new IllegalArgumentException("order " + text + " is invalid");
        }

        @RdmaListener(id = "slow", destination = "slow")
        public String onSlow(final String text) throws InterruptedException
        {
            Thread.sleep(500);
            return text;
        }

        @RdmaListener(id = "parallel", destination = "parallel", concurrency = 4)
        public void onParallel(final byte[] payload) throws InterruptedException
        {
            final int now = parallelNow.incrementAndGet();
            parallelMax.accumulateAndGet(now, Math::max);
            parallelThreads.add(Thread.currentThread().getName());
            Thread.sleep(5);
            parallelNow.decrementAndGet();
            parallelCount.incrementAndGet();
        }

        /** Each message: an 8-byte sequence number, then bytes {@code (sequence + i) & 0xFF}. */
        @RdmaListener(id = "bulk", destination = "bulk")
        public void onBulk(final ByteBuffer view)
        {
            final long sequence = view.duplicate().order(java.nio.ByteOrder.BIG_ENDIAN).getLong(0);
            boolean good = view.isReadOnly() && sequence == bulkNextSequence.getAndIncrement();
            for (int i = Long.BYTES; i < view.limit() && good; i++)
            {
                good = view.get(i) == (byte)(sequence + i);
            }
            if (!good)
            {
                bulkBad.incrementAndGet();
            }
            bulkCount.incrementAndGet();
        }
    }
}
