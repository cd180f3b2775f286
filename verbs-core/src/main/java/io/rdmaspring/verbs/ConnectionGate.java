package io.rdmaspring.verbs;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The acceptor's decision on a connection request, made before anything is allocated for it: is the peer on the
 * allow-list, is its token signed with the shared secret, recent and not seen before, and is there room for another
 * connection. Runs on the acceptor's connection manager thread only.
 * <p>
 * Each refusal is the reject reason the client reads (at most 148 bytes), so it says what to change on which side.
 */
final class ConnectionGate
{
    static final String NOT_ALLOWED = "the server's allow-list (rdma.security.allowed-peers) does not include ";
    static final String TOKEN_MISSING = "authentication required: the server has a shared secret; set the same "
        + "rdma.security.shared-secret on this client";
    static final String TOKEN_WRONG = "authentication failed: check that rdma.security.shared-secret is the same on "
        + "both sides";
    static final String TOKEN_STALE = "authentication failed: the request's timestamp is outside the server's window; "
        + "synchronise both hosts' clocks (NTP)";
    static final String TOKEN_REPLAYED = "authentication failed: this token was used before (a replayed connection "
        + "request)";
    static final String LIMIT_REACHED = "the server has reached its connection limit (rdma.security.max-connections "
        + "= ";

    private final ConnectionSecurity security;
    private final long windowSeconds;
    private final Map<Long, Long> seenNonces = new HashMap<>();

    ConnectionGate(final ConnectionSecurity security)
    {
        this.security = security.conclude();
        this.windowSeconds = security.tokenWindow().toSeconds();
    }

    /** Why the request from {@code peer} must be rejected, or null to accept it. */
    @Nullable String refusal(final @Nullable InetSocketAddress peer, final byte[] privateData, final int openConnections,
        final long nowSeconds)
    {
        if (!security.allowedPeers().allowsEveryone()
            && (peer == null || !security.allowedPeers().allows(peer.getAddress())))
        {
            return NOT_ALLOWED + (peer == null ? "an unknown address" : peer.getAddress().getHostAddress());
        }
        if (security.hasSharedSecret())
        {
            final String tokenRefusal = tokenRefusal(privateData, nowSeconds);
            if (tokenRefusal != null)
            {
                return tokenRefusal;
            }
        }
        if (security.maxConnections() > 0 && openConnections >= security.maxConnections())
        {
            return LIMIT_REACHED + security.maxConnections() + "); retry later or raise it";
        }
        return null;
    }

    private @Nullable String tokenRefusal(final byte[] request, final long nowSeconds)
    {
        if (!ConnectionToken.carriesToken(request) || request.length < ConnectionToken.REQUEST_LENGTH)
        {
            return TOKEN_MISSING;
        }
        if (!ConnectionToken.signedWith(security.secret(), request))
        {
            return TOKEN_WRONG;
        }
        final long timestamp = ConnectionToken.timestamp(request);
        if (Math.abs(nowSeconds - timestamp) > windowSeconds)
        {
            return TOKEN_STALE;
        }
        seenNonces.values().removeIf(expiry -> expiry < nowSeconds);
        // A token stays replayable until its timestamp leaves the window, so its nonce is remembered that long.
        if (seenNonces.putIfAbsent(ConnectionToken.nonce(request), timestamp + windowSeconds) != null)
        {
            return TOKEN_REPLAYED;
        }
        return null;
    }
}
