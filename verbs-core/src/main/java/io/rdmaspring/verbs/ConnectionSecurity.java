package io.rdmaspring.verbs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Who may connect to an {@link RdmaAcceptor}, checked before anything is allocated for the peer: an allow-list of
 * peer addresses, a shared secret both ends must know (proved by an HMAC token in the connection request, answered
 * by an HMAC proof in the acceptance so the client knows the server too), and a cap on open connections. Chainable
 * setters, then {@link #conclude()} validates. The secret is never printed.
 * <p>
 * This authenticates peers at connect time only. The traffic itself is neither encrypted nor signed.
 */
public final class ConnectionSecurity
{
    /** Fewer secret bytes than this are guessable; 16 bytes is 128 bits when they are random. */
    public static final int MIN_SECRET_LENGTH = 16;
    /** How far a connection request's timestamp may be from the acceptor's clock by default. */
    public static final Duration DEFAULT_TOKEN_WINDOW = Duration.ofMinutes(2);

    private byte @Nullable [] sharedSecret;
    private PeerAllowList allowedPeers = PeerAllowList.any();
    private int maxConnections;
    private Duration tokenWindow = DEFAULT_TOKEN_WINDOW;

    /**
     * The secret both ends must share, or null for none. With one, connecting proves knowledge of it and accepting
     * demands that proof; connecting to an acceptor without the same secret fails.
     */
    public ConnectionSecurity sharedSecret(final byte @Nullable [] secret)
    {
        this.sharedSecret = secret == null ? null : secret.clone();
        return this;
    }

    /** {@link #sharedSecret(byte[])} from the UTF-8 bytes of {@code secret}; null or empty means none. */
    public ConnectionSecurity sharedSecret(final @Nullable String secret)
    {
        return sharedSecret(secret == null || secret.isEmpty() ? null : secret.getBytes(StandardCharsets.UTF_8));
    }

    public boolean hasSharedSecret()
    {
        return sharedSecret != null;
    }

    byte[] secret()
    {
        if (sharedSecret == null)
        {
            throw new IllegalStateException("No shared secret is configured");
        }
        return sharedSecret;
    }

    /** The peers an acceptor lets connect; {@link PeerAllowList#any()} by default. */
    public ConnectionSecurity allowedPeers(final PeerAllowList peers)
    {
        this.allowedPeers = peers;
        return this;
    }

    public PeerAllowList allowedPeers()
    {
        return allowedPeers;
    }

    /** The most connections an acceptor keeps open at once; further requests are rejected. 0 means no limit. */
    public ConnectionSecurity maxConnections(final int count)
    {
        this.maxConnections = count;
        return this;
    }

    public int maxConnections()
    {
        return maxConnections;
    }

    /**
     * How far a connection request's timestamp may differ from the acceptor's clock. Within it, each token is
     * accepted once (later copies are replays); the hosts' clocks must agree to within it.
     */
    public ConnectionSecurity tokenWindow(final Duration window)
    {
        this.tokenWindow = window;
        return this;
    }

    public Duration tokenWindow()
    {
        return tokenWindow;
    }

    /** Validates; returns this. */
    public ConnectionSecurity conclude()
    {
        if (sharedSecret != null && sharedSecret.length < MIN_SECRET_LENGTH)
        {
            throw new IllegalArgumentException("The shared secret has " + sharedSecret.length + " bytes; it needs at "
                + "least " + MIN_SECRET_LENGTH + ". Use a random one, e.g. `openssl rand -base64 32`.");
        }
        if (maxConnections < 0)
        {
            throw new IllegalArgumentException("maxConnections is " + maxConnections + "; use 0 for no limit or a "
                + "positive count");
        }
        if (tokenWindow.isNegative() || tokenWindow.isZero() || tokenWindow.toSeconds() > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("tokenWindow is " + tokenWindow + "; it must be positive (e.g. 2 "
                + "minutes)");
        }
        return this;
    }

    @Override
    public String toString()
    {
        return "ConnectionSecurity[sharedSecret=" + (sharedSecret == null ? "none" : "set") + ", allowedPeers="
            + allowedPeers + ", maxConnections=" + (maxConnections == 0 ? "unlimited" : maxConnections)
            + ", tokenWindow=" + tokenWindow + "]";
    }
}
