package io.rdmaspring.verbs;

/**
 * Layouts of {@code struct sockaddr_in} and {@code struct sockaddr_in6}, which rdma_cm takes as
 * {@code struct sockaddr *}. Port and address are in network byte order.
 * <pre>
 *   sockaddr_in:   | family (u16) | port (be16) | addr (4 bytes) | zero[8] |                       16 bytes
 *   sockaddr_in6:  | family (u16) | port (be16) | flowinfo | addr (16 bytes) | scope_id |           28 bytes
 * </pre>
 */
@NativeStruct("struct sockaddr_in6")
final class SockaddrDescriptor
{
    @NativeField(NativeField.SIZEOF)
    static final int SIZE_IN6 = 28;
    @NativeField("sin6_port")
    static final int PORT_OFFSET = 2;
    @NativeField("sin6_addr")
    static final int ADDR6_OFFSET = 8;
    @NativeField("sin6_scope_id")
    static final int SCOPE_ID_OFFSET = 24;
    @NativeConstant("offsetof(struct sockaddr_in, sin_addr)")
    static final int ADDR4_OFFSET = 4;
    @NativeConstant("sizeof(struct sockaddr_in)")
    static final int SIZE_IN = 16;

    @NativeConstant("AF_INET")
    static final int AF_INET = 2;
    @NativeConstant("AF_INET6")
    static final int AF_INET6 = 10;

    private SockaddrDescriptor()
    {
    }
}
