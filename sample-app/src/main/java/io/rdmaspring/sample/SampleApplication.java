package io.rdmaspring.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * An order service in two roles, chosen by Spring profile: {@code consumer} serves the destinations in
 * {@link Destinations} until stopped; {@code producer} sends orders and events to it, prints a {@code SUMMARY} line
 * and exits 0 only when every message was delivered and acknowledged.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleApplication
{
    /** Exit status when neither role is active. */
    static final int NO_ROLE = 2;

    public static void main(final String[] args)
    {
        final ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class, args);
        final Environment environment = context.getEnvironment();
        if (environment.matchesProfiles("consumer"))
        {
            return;     // spring.main.keep-alive holds the JVM: every RDMA thread is a daemon
        }
        if (!environment.matchesProfiles("producer"))
        {
            System.err.println("FAILED: no role: set SPRING_PROFILES_ACTIVE to consumer or producer");
            System.exit(Math.max(NO_ROLE, SpringApplication.exit(context)));
        }
        System.exit(SpringApplication.exit(context));
    }
}
