package io.rdmaspring.boot.it;

import java.lang.management.ManagementFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.rdmaspring.boot.annotation.RdmaListener;
import io.rdmaspring.boot.core.RdmaServer;
import io.rdmaspring.verbs.MemoryLimits;

/**
 * The consumer of the fault tests, run in a child JVM: it prints {@code PROCESSED <id>} for every message its
 * listeners process, flushed before the listener returns, so that the line exists before the sender can learn the
 * message was processed, even when this JVM is killed a moment later. Every second it prints
 * {@code STATS <pinned bytes> <heap bytes used>}.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class LedgerApplication
{
    static final String PROCESSED = "PROCESSED ";
    static final String STATS = "STATS ";

    /** How long the slow listener takes per message. */
    static final long SLOW_MILLIS = 20;

    @Bean
    Ledger ledger()
    {
        return new Ledger();
    }

    public static void main(final String[] args)
    {
        final ConfigurableApplicationContext context = SpringApplication.run(LedgerApplication.class, args);
        final Thread stats = new Thread(LedgerApplication::printStats, "ledger-stats");
        stats.setDaemon(true);
        stats.start();
        print("READY " + context.getBean(RdmaServer.class).localAddress().getPort());
    }

    private static void printStats()
    {
        try
        {
            while (true)
            {
                print(STATS + MemoryLimits.pinnedBytes() + " "
                    + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                Thread.sleep(1000);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    static void print(final String line)
    {
        synchronized (System.out)
        {
            System.out.println(line);
            System.out.flush();
        }
    }

    /** Listeners that record what they processed on standard output. */
    public static class Ledger
    {
        @RdmaListener(id = "ledger", destination = "ledger")
        public void onMessage(final String id)
        {
            print(PROCESSED + id);
        }

        @RdmaListener(id = "ledger-slow", destination = "ledger-slow")
        public void onSlowMessage(final String id) throws InterruptedException
        {
            Thread.sleep(SLOW_MILLIS);
            print(PROCESSED + id);
        }
    }
}
