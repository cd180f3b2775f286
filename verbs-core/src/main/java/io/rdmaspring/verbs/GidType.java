package io.rdmaspring.verbs;

/** The type of a GID table entry. RoCE v2 GIDs carry an IP address and are routable. */
public enum GidType
{
    @NativeConstant("IBV_GID_TYPE_IB") IB("IB"),
    @NativeConstant("IBV_GID_TYPE_ROCE_V1") ROCE_V1("RoCE v1"),
    @NativeConstant("IBV_GID_TYPE_ROCE_V2") ROCE_V2("RoCE v2");

    private final String displayName;

    GidType(final String displayName)
    {
        this.displayName = displayName;
    }

    /** As {@code ibv_devinfo} prints it: {@code IB}, {@code RoCE v1} or {@code RoCE v2}. */
    public String displayName()
    {
        return displayName;
    }

    /** The C value. */
    public int code()
    {
        return ordinal();
    }

    static GidType of(final int code)
    {
        final GidType[] values = values();
        return code >= 0 && code < values.length ? values[code] : IB;
    }
}
