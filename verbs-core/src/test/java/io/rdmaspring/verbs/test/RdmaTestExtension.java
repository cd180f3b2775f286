package io.rdmaspring.verbs.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs {@link RdmaTest}s only where a device is, fails them where one is required but missing, and appends one line
 * per executed test to the file named by {@code rdma.tests.log}, so {@code scripts/test} can say how many ran and
 * on which device.
 */
final class RdmaTestExtension implements ExecutionCondition, BeforeAllCallback, AfterTestExecutionCallback
{
    private static final String REQUIRED = "rdma.required";
    private static final String HOW_TO_RUN = "no RDMA device on this host: run them with scripts/test, which boots a "
        + "Soft-RoCE guest, or inside one with scripts/rxe-guest ./mvnw test -Dgroups=rdma";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(final ExtensionContext context)
    {
        if (required() || RdmaTestEnvironment.deviceAvailable())
        {
            return ConditionEvaluationResult.enabled("RDMA device present or required");
        }
        return ConditionEvaluationResult.disabled("RDMA test skipped: " + HOW_TO_RUN);
    }

    @Override
    public void beforeAll(final ExtensionContext context)
    {
        if (!RdmaTestEnvironment.deviceAvailable())
        {
            throw new IllegalStateException("rdma.required=true but there is " + HOW_TO_RUN);
        }
    }

    @Override
    public void afterTestExecution(final ExtensionContext context)
    {
        final String log = System.getProperty("rdma.tests.log");
        if (log == null || log.isBlank())
        {
            return;
        }
        final String line = RdmaTestEnvironment.deviceName() + " jdk" + Runtime.version().feature() + " "
            + context.getRequiredTestClass().getName() + "#"
            + context.getDisplayName() + " " + (context.getExecutionException().isPresent() ? "FAILED" : "PASSED")
            + System.lineSeparator();
        try
        {
            Files.writeString(Path.of(log), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("Cannot record the RDMA test in " + log, ex);
        }
    }

    private static boolean required()
    {
        return Boolean.getBoolean(REQUIRED);
    }
}
