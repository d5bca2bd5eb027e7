package org.georegistry.api.sync;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How patiently a provider talks to its peer over HTTP: connect and read timeouts, and how often a transient failure
 * (no connection, a timeout, a 5xx from the peer or the proxy before it) is retried, waiting {@link #firstDelay()},
 * then twice as long each time, at most {@link #MAX_DELAY}. The settings have the same names, defaults and ranges in
 * every provider, so an administrator learns them once:
 * <ul>
 * <li>add {@link #descriptors()} to {@link SyncProvider#systemSettings()} and {@link #problems(Settings)} to
 * {@link SyncProvider#validateSystemSettings(Settings)};</li>
 * <li>take {@link #of(Settings)} for each job ({@link #interactive()} for a connection test), build the
 * {@link HttpClient} with {@link #newClient()} (the connect timeout is a client-wide setting: keep one client per
 * value) and each request with {@link #readTimeout()};</li>
 * <li>send through {@link #send}: the JDK's request timeout stops waiting for the headers only, so a peer that
 * stalls in the middle of a body would otherwise hold the job forever.</li>
 * </ul>
 * Immutable and thread-safe.
 *
 * @since 1.3
 */
public final class HttpTransport {

    /** Setting: seconds to wait for a connection, 1 to 300. */
    public static final String CONNECT_TIMEOUT = "connectTimeoutSeconds";
    /** Setting: seconds to wait for a complete answer, 1 to 3600. */
    public static final String READ_TIMEOUT = "readTimeoutSeconds";
    /** Setting: how often a transiently failed call is tried again, 0 to 10. */
    public static final String RETRIES = "retries";

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Generous: a peer under load can take tens of seconds to import a batch of 1,000 objects. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(120);
    public static final int DEFAULT_RETRIES = 4;
    public static final Duration DEFAULT_FIRST_DELAY = Duration.ofSeconds(1);
    public static final Duration MAX_DELAY = Duration.ofSeconds(30);
    /** At most this long to connect when a user waits on the answer ({@link #interactive()}). */
    public static final Duration INTERACTIVE_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** At most this long for a complete answer when a user waits on it ({@link #interactive()}). */
    public static final Duration INTERACTIVE_READ_TIMEOUT = Duration.ofSeconds(30);

    private static final long MAX_CONNECT_SECONDS = 300;
    private static final long MAX_READ_SECONDS = 3600;
    private static final int MAX_RETRIES = 10;

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int retries;
    private final Duration firstDelay;

    private HttpTransport(Duration connectTimeout, Duration readTimeout, int retries, Duration firstDelay) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.retries = retries;
        this.firstDelay = firstDelay;
    }

    /**
     * The external system's settings, or the defaults where a value is missing. A value out of range (settings that
     * skipped {@link #problems(Settings)}) is brought to the nearest bound rather than failing every call.
     */
    public static HttpTransport of(Settings system) {
        return new HttpTransport(
                Duration.ofSeconds(clamp(system.number(CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT.toSeconds()), 1,
                        MAX_CONNECT_SECONDS)),
                Duration.ofSeconds(clamp(system.number(READ_TIMEOUT, DEFAULT_READ_TIMEOUT.toSeconds()), 1,
                        MAX_READ_SECONDS)),
                (int) clamp(system.number(RETRIES, DEFAULT_RETRIES), 0, MAX_RETRIES), DEFAULT_FIRST_DELAY);
    }

    /** The same with another wait before the first retry (tests shorten it; it is not a setting). */
    public HttpTransport withFirstDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("A negative delay: " + delay);
        }
        return new HttpTransport(connectTimeout, readTimeout, retries, delay);
    }

    /**
     * A single attempt with at most these timeouts: a connection test or a form has a user waiting, who should
     * hear quickly that the peer is down rather than after every retry.
     */
    public HttpTransport once(Duration maxConnect, Duration maxRead) {
        return new HttpTransport(min(connectTimeout, maxConnect), min(readTimeout, maxRead), 0, firstDelay);
    }

    /**
     * For a connection test or a form, which have a user waiting: {@link #once} with at most
     * {@link #INTERACTIVE_CONNECT_TIMEOUT} to connect and {@link #INTERACTIVE_READ_TIMEOUT} to answer, the same in
     * every provider.
     */
    public HttpTransport interactive() {
        return once(INTERACTIVE_CONNECT_TIMEOUT, INTERACTIVE_READ_TIMEOUT);
    }

    /**
     * A new JDK client with {@link #connectTimeout()} that follows no redirect: a peer's redirect (to a login page,
     * or to another host that must not get the credentials) is an answer to report, not to follow. Clients pool
     * their connections and are thread-safe: keep one per connect timeout rather than one per call.
     */
    public HttpClient newClient() {
        return HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    /** How often a transiently failed call is tried again (0: once in all). */
    public int retries() {
        return retries;
    }

    public Duration firstDelay() {
        return firstDelay;
    }

    /** The wait before retry {@code n} (1 for the first): doubling from {@link #firstDelay()}, at most {@link #MAX_DELAY}. */
    public Duration delay(int n) {
        return min(firstDelay.multipliedBy(1L << Math.max(0, Math.min(20, n - 1))), MAX_DELAY);
    }

    /**
     * Sends a request built with {@link #readTimeout()} and waits at most the connect and read timeouts for the
     * whole answer, body included; a peer still sending then is abandoned with an {@link HttpTimeoutException}, as
     * one that never answered. Other failures are thrown as {@link HttpClient#send} throws them.
     */
    public <T> HttpResponse<T> send(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<T>> answer = client.sendAsync(request, body);
        try {
            return answer.get(connectTimeout.plus(readTimeout).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new HttpTimeoutException("no complete answer within " + readTimeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }

    /** The settings' descriptors, optional with their defaults in the description, for a provider's schema. */
    public static List<SettingDescriptor> descriptors() {
        return List.of(
                SettingDescriptor.optional(CONNECT_TIMEOUT, "Connect timeout (s)", SettingType.INTEGER)
                        .withDescription("1 to " + MAX_CONNECT_SECONDS + "; default "
                                + DEFAULT_CONNECT_TIMEOUT.toSeconds()),
                SettingDescriptor.optional(READ_TIMEOUT, "Read timeout (s)", SettingType.INTEGER)
                        .withDescription("How long to wait for a complete answer, 1 to " + MAX_READ_SECONDS
                                + "; default " + DEFAULT_READ_TIMEOUT.toSeconds()
                                + ": importing 1,000 objects can take tens of seconds"),
                SettingDescriptor.optional(RETRIES, "Retries", SettingType.INTEGER).withDescription(
                        "How often a call that fails transiently (no connection, timeout, HTTP 5xx) is tried again,"
                                + " waiting " + DEFAULT_FIRST_DELAY.toSeconds() + " s, then twice as long each time"
                                + " (at most " + MAX_DELAY.toSeconds() + " s); 0 to " + MAX_RETRIES + ", default "
                                + DEFAULT_RETRIES));
    }

    /** What is wrong with the settings' values, each naming its field; empty when they are fine or absent. */
    public static List<SettingProblem> problems(Settings system) {
        List<SettingProblem> problems = new ArrayList<>();
        range(system, CONNECT_TIMEOUT, 1, MAX_CONNECT_SECONDS, problems);
        range(system, READ_TIMEOUT, 1, MAX_READ_SECONDS, problems);
        range(system, RETRIES, 0, MAX_RETRIES, problems);
        return problems;
    }

    private static void range(Settings system, String name, long min, long max, List<SettingProblem> problems) {
        if (system.has(name)) {
            long value = system.number(name, Long.MIN_VALUE);
            if (value < min || value > max) {
                problems.add(new SettingProblem(name, "Give a whole number from " + min + " to " + max));
            }
        }
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpTransport t && connectTimeout.equals(t.connectTimeout)
                && readTimeout.equals(t.readTimeout) && retries == t.retries && firstDelay.equals(t.firstDelay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(connectTimeout, readTimeout, retries, firstDelay);
    }

    @Override
    public String toString() {
        return "HttpTransport[connect " + connectTimeout.toSeconds() + " s, read " + readTimeout.toSeconds()
                + " s, " + retries + " retries]";
    }
}
