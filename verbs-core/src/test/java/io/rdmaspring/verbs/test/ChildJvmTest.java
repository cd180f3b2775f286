package io.rdmaspring.verbs.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChildJvmTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void shouldCaptureOutputAndExitStatus() throws Exception
    {
        try (ChildJvm child = ChildJvm.of(Main.class).arguments("print", "hello").start())
        {
            assertThat(child.awaitExit(TIMEOUT)).isEqualTo(3);
            assertThat(child.awaitLine("ARG ", Duration.ZERO)).isEqualTo("hello");
            assertThat(child.output()).contains("ERR on stderr");
        }
    }

    @Test
    void shouldRunShellCommandsBeforeTheJvm() throws Exception
    {
        try (ChildJvm child = ChildJvm.of(Main.class).shell("ulimit -l 64").arguments("limits").start())
        {
            assertThat(child.awaitExit(TIMEOUT)).isZero();
            assertThat(child.awaitLine("Max locked memory", Duration.ZERO)).contains("65536");
        }
    }

    @Test
    void shouldKillWithSigkillAndFailAWaitForALineNeverPrinted() throws Exception
    {
        try (ChildJvm child = ChildJvm.of(Main.class).arguments("sleep").start())
        {
            assertThat(child.awaitLine("READY", TIMEOUT)).isEmpty();
            assertThatThrownBy(() -> child.awaitLine("NEVER", Duration.ofMillis(200)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("NEVER").hasMessageContaining("READY");
            child.kill();
            assertThat(child.isAlive()).isFalse();
            assertThat(child.awaitExit(TIMEOUT)).as("128 + SIGKILL").isEqualTo(137);
        }
    }

    /** The child: {@code print ARG}, {@code limits} or {@code sleep}. */
    public static final class Main
    {
        private Main()
        {
        }

        public static void main(final String[] args) throws IOException, InterruptedException
        {
            switch (args[0])
            {
                case "print" ->
                {
                    System.out.println("ARG " + args[1]);
                    System.err.println("ERR on stderr");
                    System.exit(3);
                }
                case "limits" -> Files.readAllLines(Path.of("/proc/self/limits")).forEach(System.out::println);
                default ->
                {
                    System.out.println("READY");
                    Thread.sleep(Long.MAX_VALUE);
                }
            }
        }
    }
}
