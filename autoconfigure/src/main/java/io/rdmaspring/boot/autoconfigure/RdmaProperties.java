package io.rdmaspring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import io.rdmaspring.boot.frame.FrameLimits;
import io.rdmaspring.verbs.ConnectionSecurity;
import io.rdmaspring.verbs.PeerAllowList;

/**
 * Configuration of RDMA messaging, under {@code rdma.*}.
 * <pre>
 * rdma:
 *   device: mlx5_0
 *   max-message-size: 256KB
 *   routes:
 *     orders: rdma://orders-service:7362
 *   listener:
 *     port: 7362
 * </pre>
 * Binding validates the values (see {@link RdmaPropertiesValidator}), so a bad one stops startup with a message that
 * names the property.
 */
@ConfigurationProperties("rdma")
public class RdmaProperties implements Validator
{
    /**
     * RDMA device to use, as listed by ibv_devices (for example mlx5_0 or rxe0). When not set, the first device with
     * an ACTIVE port is used.
     */
    private @Nullable String device;

    /** Port number on the device, counted from 1. */
    private int port = 1;

    /**
     * Index into the port's GID table. When not set, the RoCE v2 GID that carries the listener or connection address
     * is chosen.
     */
    private @Nullable Integer gidIndex;

    /**
     * Largest payload of one message. Every connection registers buffers of this size plus the frame header, so
     * memory per connection grows with it. At most 2047MB.
     */
    private DataSize maxMessageSize = DataSize.ofKilobytes(64);

    /** How threads wait for completions: BUSY polls for the lowest latency, EVENT sleeps until the device signals. */
    private PollMode pollMode = PollMode.EVENT;

    /**
     * In EVENT poll mode, how long a polling thread goes on polling after its last completion before it sleeps, and
     * how long a thread blocked in sendAndReceive or convertSendAndReceive polls for its reply itself before it waits
     * to be woken. A message or reply that arrives within it costs no thread wake-up; 0 sleeps at once.
     */
    private Duration pollSpin = Duration.ofNanos(100_000);

    /** Time allowed to resolve a peer's address and route and to establish a connection. */
    private Duration connectTimeout = Duration.ofSeconds(5);

    /** Time a request waits for its reply before it fails. */
    private Duration replyTimeout = Duration.ofSeconds(5);

    /**
     * Logical destination names mapped to the peer that serves them, as rdma://host[:port][/name]. Without a name the
     * peer's destination keeps the logical name; without a port, 7362 is used. Use brackets for names with dots:
     * rdma.routes[orders.created]=rdma://orders-service.
     */
    private Map<String, String> routes = new LinkedHashMap<>();

    private final Listener listener = new Listener();

    private final Connection connection = new Connection();

    private final Frame frame = new Frame();

    private final Template template = new Template();

    private final Retry retry = new Retry();

    private final Metrics metrics = new Metrics();

    private final Observation observation = new Observation();

    private final Security security = new Security();

    public @Nullable String getDevice()
    {
        return device;
    }

    public void setDevice(final @Nullable String device)
    {
        this.device = device;
    }

    public int getPort()
    {
        return port;
    }

    public void setPort(final int port)
    {
        this.port = port;
    }

    public @Nullable Integer getGidIndex()
    {
        return gidIndex;
    }

    public void setGidIndex(final @Nullable Integer gidIndex)
    {
        this.gidIndex = gidIndex;
    }

    public DataSize getMaxMessageSize()
    {
        return maxMessageSize;
    }

    public void setMaxMessageSize(final DataSize maxMessageSize)
    {
        this.maxMessageSize = maxMessageSize;
    }

    public PollMode getPollMode()
    {
        return pollMode;
    }

    public void setPollMode(final PollMode pollMode)
    {
        this.pollMode = pollMode;
    }

    public Duration getPollSpin()
    {
        return pollSpin;
    }

    public void setPollSpin(final Duration pollSpin)
    {
        this.pollSpin = pollSpin;
    }

    public Duration getConnectTimeout()
    {
        return connectTimeout;
    }

    public void setConnectTimeout(final Duration connectTimeout)
    {
        this.connectTimeout = connectTimeout;
    }

    public Duration getReplyTimeout()
    {
        return replyTimeout;
    }

    public void setReplyTimeout(final Duration replyTimeout)
    {
        this.replyTimeout = replyTimeout;
    }

    public Map<String, String> getRoutes()
    {
        return routes;
    }

    public void setRoutes(final Map<String, String> routes)
    {
        this.routes = routes;
    }

    public Listener getListener()
    {
        return listener;
    }

    public Connection getConnection()
    {
        return connection;
    }

    public Frame getFrame()
    {
        return frame;
    }

    public Template getTemplate()
    {
        return template;
    }

    public Retry getRetry()
    {
        return retry;
    }

    public Metrics getMetrics()
    {
        return metrics;
    }

    public Observation getObservation()
    {
        return observation;
    }

    public Security getSecurity()
    {
        return security;
    }

    /** The frame limits both ends enforce, from max-message-size and the frame group. Call after validation. */
    public FrameLimits toFrameLimits()
    {
        return new FrameLimits(frame.getMaxDestinationLength(), frame.getMaxHeaderCount(),
            (int)frame.getMaxHeaderSize().toBytes(), (int)maxMessageSize.toBytes());
    }

    @Override
    public boolean supports(final Class<?> type)
    {
        return RdmaProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(final Object target, final Errors errors)
    {
        new RdmaPropertiesValidator((RdmaProperties)target, errors).validate();
    }

    /** How completion-polling threads wait for work. */
    public enum PollMode
    {
        /** Poll the completion queue in a loop: the lowest latency, one busy core per polling thread. */
        BUSY,
        /** Sleep on a completion channel until the device signals: no idle CPU, a few microseconds more latency. */
        EVENT
    }

    /** Where this service accepts connections, and how its listeners consume. */
    public static class Listener
    {
        /**
         * Local address to listen on; 0.0.0.0 listens on every RDMA-capable address. The service listens only when
         * it has listener endpoints.
         */
        private String address = "0.0.0.0";

        /** Local port to listen on; 0 lets the system choose a free one. */
        private int port = 7362;

        /** Threads that invoke each listener endpoint. */
        private int concurrency = 1;

        public String getAddress()
        {
            return address;
        }

        public void setAddress(final String address)
        {
            this.address = address;
        }

        public int getPort()
        {
            return port;
        }

        public void setPort(final int port)
        {
            this.port = port;
        }

        public int getConcurrency()
        {
            return concurrency;
        }

        public void setConcurrency(final int concurrency)
        {
            this.concurrency = concurrency;
        }
    }

    /** Queue and buffer sizes of each connection. */
    public static class Connection
    {
        /** Sends that may be in flight on one connection before a send waits. */
        private int sendQueueDepth = 64;

        /** Receives kept posted on one connection; each holds a buffer, so this bounds unprocessed messages. */
        private int receiveQueueDepth = 64;

        /**
         * Registered message buffers per connection, shared by posted receives and sends in flight. Must exceed
         * receive-queue-depth so that sends have buffers too.
         */
        private int buffers = 128;

        /**
         * How long a connection whose messages await confirmation may hear nothing from its peer (after a third of it
         * a probe the peer's device must answer is sent) before it fails, so that a peer lost without a disconnect,
         * for example with the link down, fails those messages in doubt and the next send reconnects. 0 disables it.
         */
        private Duration livenessTimeout = Duration.ofSeconds(15);

        public int getSendQueueDepth()
        {
            return sendQueueDepth;
        }

        public void setSendQueueDepth(final int sendQueueDepth)
        {
            this.sendQueueDepth = sendQueueDepth;
        }

        public int getReceiveQueueDepth()
        {
            return receiveQueueDepth;
        }

        public void setReceiveQueueDepth(final int receiveQueueDepth)
        {
            this.receiveQueueDepth = receiveQueueDepth;
        }

        public int getBuffers()
        {
            return buffers;
        }

        public void setBuffers(final int buffers)
        {
            this.buffers = buffers;
        }

        public Duration getLivenessTimeout()
        {
            return livenessTimeout;
        }

        public void setLivenessTimeout(final Duration livenessTimeout)
        {
            this.livenessTimeout = livenessTimeout;
        }
    }

    /** Limits of the frame header that wraps every message; both ends should agree on them. */
    public static class Frame
    {
        /** Most headers one message may carry. */
        private int maxHeaderCount = 32;

        /** Most bytes of all header keys and values of one message, with their 2-byte lengths. */
        private DataSize maxHeaderSize = DataSize.ofKilobytes(4);

        /** Most UTF-8 bytes of a destination name, at most 255. */
        private int maxDestinationLength = 255;

        public int getMaxHeaderCount()
        {
            return maxHeaderCount;
        }

        public void setMaxHeaderCount(final int maxHeaderCount)
        {
            this.maxHeaderCount = maxHeaderCount;
        }

        public DataSize getMaxHeaderSize()
        {
            return maxHeaderSize;
        }

        public void setMaxHeaderSize(final DataSize maxHeaderSize)
        {
            this.maxHeaderSize = maxHeaderSize;
        }

        public int getMaxDestinationLength()
        {
            return maxDestinationLength;
        }

        public void setMaxDestinationLength(final int maxDestinationLength)
        {
            this.maxDestinationLength = maxDestinationLength;
        }
    }

    /** Defaults of the template that sends messages. */
    public static class Template
    {
        /** Destination of sends that name none: a logical name from rdma.routes or an rdma:// URI. */
        private @Nullable String defaultDestination;

        public @Nullable String getDefaultDestination()
        {
            return defaultDestination;
        }

        public void setDefaultDestination(final @Nullable String defaultDestination)
        {
            this.defaultDestination = defaultDestination;
        }
    }

    /** Retry of sends that fail because the peer cannot be reached, with exponential back-off. */
    public static class Retry
    {
        /** Whether failed sends are retried. A retried send may arrive twice if only its acknowledgement was lost. */
        private boolean enabled;

        /** Attempts in all, the first one included. */
        private int maxAttempts = 3;

        /** Wait before the second attempt. */
        private Duration initialInterval = Duration.ofSeconds(1);

        /** Factor applied to the wait after each failed attempt. */
        private double multiplier = 2.0;

        /** Longest wait between two attempts. */
        private Duration maxInterval = Duration.ofSeconds(10);

        public boolean isEnabled()
        {
            return enabled;
        }

        public void setEnabled(final boolean enabled)
        {
            this.enabled = enabled;
        }

        public int getMaxAttempts()
        {
            return maxAttempts;
        }

        public void setMaxAttempts(final int maxAttempts)
        {
            this.maxAttempts = maxAttempts;
        }

        public Duration getInitialInterval()
        {
            return initialInterval;
        }

        public void setInitialInterval(final Duration initialInterval)
        {
            this.initialInterval = initialInterval;
        }

        public double getMultiplier()
        {
            return multiplier;
        }

        public void setMultiplier(final double multiplier)
        {
            this.multiplier = multiplier;
        }

        public Duration getMaxInterval()
        {
            return maxInterval;
        }

        public void setMaxInterval(final Duration maxInterval)
        {
            this.maxInterval = maxInterval;
        }
    }

    /** Micrometer metrics. */
    public static class Metrics
    {
        /** Whether to record message counts, bytes and latencies when a MeterRegistry is present. */
        private boolean enabled = true;

        public boolean isEnabled()
        {
            return enabled;
        }

        public void setEnabled(final boolean enabled)
        {
            this.enabled = enabled;
        }
    }

    /** Micrometer observations, the source of traces. */
    public static class Observation
    {
        /** Whether to observe sends and listener invocations when an ObservationRegistry is present. */
        private boolean enabled;

        public boolean isEnabled()
        {
            return enabled;
        }

        public void setEnabled(final boolean enabled)
        {
            this.enabled = enabled;
        }
    }

    /**
     * Who may connect, checked when a connection is requested. Traffic is not encrypted; see the README's Security
     * section for what this does and does not protect.
     */
    public static class Security
    {
        /**
         * Secret both sides must share, at least 16 bytes (e.g. from openssl rand -base64 32). When set, clients
         * prove they know it when connecting (an HMAC-SHA256 token in the connection request), servers reject
         * clients that do not, and clients reject servers that cannot prove it in return. Never logged.
         */
        private @Nullable String sharedSecret;

        /**
         * IP addresses and CIDR blocks (10.0.0.7, 10.0.0.0/24, fe80::/10) the server accepts connections from. Others
         * are rejected and logged. Empty accepts every peer.
         */
        private List<String> allowedPeers = new ArrayList<>();

        /** Most connections the server keeps open at once; further requests are rejected. 0 means no limit. */
        private int maxConnections;

        /**
         * How far a connection request's timestamp may be from the server's clock. The hosts' clocks must agree to
         * within it; each request is accepted once within it, so replays are rejected.
         */
        private Duration tokenWindow = Duration.ofMinutes(2);

        public @Nullable String getSharedSecret()
        {
            return sharedSecret;
        }

        public void setSharedSecret(final @Nullable String sharedSecret)
        {
            this.sharedSecret = sharedSecret;
        }

        public List<String> getAllowedPeers()
        {
            return allowedPeers;
        }

        public void setAllowedPeers(final List<String> allowedPeers)
        {
            this.allowedPeers = allowedPeers;
        }

        public int getMaxConnections()
        {
            return maxConnections;
        }

        public void setMaxConnections(final int maxConnections)
        {
            this.maxConnections = maxConnections;
        }

        public Duration getTokenWindow()
        {
            return tokenWindow;
        }

        public void setTokenWindow(final Duration tokenWindow)
        {
            this.tokenWindow = tokenWindow;
        }

        /** The verbs-level settings these properties describe. Call after validation. */
        public ConnectionSecurity toConnectionSecurity()
        {
            return new ConnectionSecurity()
                .sharedSecret(sharedSecret)
                .allowedPeers(PeerAllowList.of(allowedPeers))
                .maxConnections(maxConnections)
                .tokenWindow(tokenWindow)
                .conclude();
        }

        @Override
        public String toString()
        {
            return "Security[sharedSecret=" + (sharedSecret == null ? "none" : "set") + ", allowedPeers="
                + allowedPeers + ", maxConnections=" + maxConnections + ", tokenWindow=" + tokenWindow + "]";
        }
    }
}
