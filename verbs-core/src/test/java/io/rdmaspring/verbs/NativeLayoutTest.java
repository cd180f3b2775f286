package io.rdmaspring.verbs;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compiles every offset, size and constant the bindings declare against the installed rdma-core headers with gcc
 * and compares: no struct layout is taken on trust.
 */
class NativeLayoutTest
{
    private static final String HEADERS = """
        #include <stdio.h>
        #include <stddef.h>
        #include <poll.h>
        #include <fcntl.h>
        #include <sys/eventfd.h>
        #include <infiniband/verbs.h>
        #include <rdma/rdma_cma.h>
        """;

    @TempDir
    Path dir;

    @Test
    void shouldMatchEveryDeclaredLayoutWithTheInstalledHeaders() throws Exception
    {
        final Map<String, Declared> declared = declaredValues();
        assertThat(declared).as("declared native values").hasSizeGreaterThan(30)
            .containsKey("ContextDescriptor.OPS_POST_SEND_OFFSET")
            .containsKey("AccessFlags.LOCAL_WRITE");

        final Map<String, Long> actual = compileAndRun(declared);

        final Map<String, Long> expected = new LinkedHashMap<>();
        declared.forEach((key, value) -> expected.put(key, value.value()));
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    }

    /** A constant of a binding class: the C expression that must produce its value. */
    private record Declared(String expression, long value)
    {
    }

    /** Every annotated constant of the binding classes, by {@code Class.FIELD}. */
    private Map<String, Declared> declaredValues() throws Exception
    {
        final Map<String, Declared> values = new LinkedHashMap<>();
        for (final Class<?> type : bindingClasses())
        {
            final NativeStruct struct = type.getAnnotation(NativeStruct.class);
            for (final Field field : type.getDeclaredFields())
            {
                final String key = type.getSimpleName() + "." + field.getName();
                final NativeField member = field.getAnnotation(NativeField.class);
                final NativeConstant constant = field.getAnnotation(NativeConstant.class);
                if (member != null)
                {
                    assertThat(struct).as(type + " declares offsets but no @NativeStruct").isNotNull();
                    values.put(key, new Declared(NativeField.SIZEOF.equals(member.value()) ? "sizeof(" + struct.value()
                        + ")" : "offsetof(" + struct.value() + ", " + member.value() + ")", value(field)));
                }
                else if (constant != null)
                {
                    values.put(key, new Declared(constant.value(), value(field)));
                }
            }
        }
        return values;
    }

    private Map<String, Long> compileAndRun(final Map<String, Declared> declared) throws Exception
    {
        final StringBuilder source = new StringBuilder(HEADERS).append("int main(void)\n{\n");
        declared.forEach((key, value) -> source.append("    printf(\"%s=%lld\\n\", \"").append(key)
            .append("\", (long long)(").append(value.expression()).append("));\n"));
        source.append("    return 0;\n}\n");
        final Path c = Files.writeString(dir.resolve("layout.c"), source, StandardCharsets.UTF_8);
        final Path binary = dir.resolve("layout");

        final String compiler = run(List.of("gcc", "-o", binary.toString(), c.toString()),
            "gcc is needed to check struct layouts: apt-get install gcc libibverbs-dev librdmacm-dev");
        final String output = run(List.of(binary.toString()), "the layout program failed");

        final Map<String, Long> actual = new LinkedHashMap<>();
        for (final String line : output.split("\n"))
        {
            final int eq = line.indexOf('=');
            if (eq > 0)
            {
                actual.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).trim()));
            }
        }
        assertThat(actual).as("layout program output (compiler said: %s)", compiler).isNotEmpty();
        return actual;
    }

    private static String run(final List<String> command, final String advice) throws IOException, InterruptedException
    {
        final Process process;
        try
        {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(command.get(0) + " could not be started; " + advice, ex);
        }
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s: %s\n%s", String.join(" ", command), advice, output).isZero();
        return output;
    }

    private static long value(final Field field) throws ReflectiveOperationException
    {
        field.setAccessible(true);
        final Object value = field.get(null);
        if (value instanceof Enum<?> constant)
        {
            return ((Number)constant.getClass().getMethod("code").invoke(constant)).longValue();
        }
        return ((Number)value).longValue();
    }

    private static List<Class<?>> bindingClasses() throws IOException, URISyntaxException, ClassNotFoundException
    {
        final Path root = Path.of(Verbs.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        final Path packageDir = root.resolve(Verbs.class.getPackageName().replace('.', '/'));
        final List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(packageDir))
        {
            for (final Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList())
            {
                final String name = file.getFileName().toString().replace(".class", "");
                final Class<?> type = Class.forName(Verbs.class.getPackageName() + "." + name, false,
                    NativeLayoutTest.class.getClassLoader());
                if (!Modifier.isInterface(type.getModifiers()) || type.isAnnotation())
                {
                    classes.add(type);
                }
            }
        }
        return classes;
    }
}
