package io.rdmaspring.verbs;

/** The logical state of a port ({@code enum ibv_port_state}). */
public enum PortState
{
    @NativeConstant("IBV_PORT_NOP") NOP,
    @NativeConstant("IBV_PORT_DOWN") DOWN,
    @NativeConstant("IBV_PORT_INIT") INIT,
    @NativeConstant("IBV_PORT_ARMED") ARMED,
    @NativeConstant("IBV_PORT_ACTIVE") ACTIVE,
    @NativeConstant("IBV_PORT_ACTIVE_DEFER") ACTIVE_DEFER;

    /** The C value. */
    public int code()
    {
        return ordinal();
    }

    static PortState of(final int code)
    {
        final PortState[] values = values();
        return code >= 0 && code < values.length ? values[code] : NOP;
    }
}
