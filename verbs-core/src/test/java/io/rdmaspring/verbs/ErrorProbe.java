package io.rdmaspring.verbs;

/**
 * Child JVM main for the error-path tests: does one setup step and prints what happened, one fact per line, so the
 * parent can check the exception a user would see in a process set up wrong (another user, a low limit, no drivers).
 * <pre>
 * devices                  Verbs.requireDevices()
 * open DEVICE              VerbsContext.open(DEVICE)
 * register DEVICE BYTES    VerbsContext.open(DEVICE), a protection domain and pd.allocate(BYTES)
 * </pre>
 */
public final class ErrorProbe
{
    private ErrorProbe()
    {
    }

    public static void main(final String[] args)
    {
        System.out.println("UID " + ProcessIdentity.uid());
        System.out.println("IPC_LOCK " + ProcessIdentity.hasIpcLock());
        System.out.println("MEMLOCK " + MemoryLimits.memlockLimit());
        try
        {
            run(args);
            System.out.println("OK");
        }
        catch (final RuntimeException ex)
        {
            System.out.println("THREW " + ex.getClass().getName());
            System.out.println("MESSAGE " + ex.getMessage());
            final StackTraceElement origin = ex.getStackTrace()[0];
            System.out.println("AT " + origin.getClassName() + "." + origin.getMethodName());
        }
        System.out.flush();
    }

    private static void run(final String[] args)
    {
        switch (args[0])
        {
            case "devices" -> System.out.println("DEVICES " + Verbs.requireDevices());
            case "open" ->
            {
                try (VerbsContext context = VerbsContext.open(args[1]))
                {
                    System.out.println("OPENED " + context.name());
                }
            }
            case "register" ->
            {
                try (VerbsContext context = VerbsContext.open(args[1]))
                {
                    context.allocateProtectionDomain().allocate(Integer.parseInt(args[2]), AccessFlags.LOCAL_WRITE);
                }
            }
            default -> throw new IllegalArgumentException("Unknown probe " + args[0]);
        }
    }
}
