package ${package}.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.georegistry.api.sync.HttpTransport;
import org.georegistry.api.sync.Settings;

/**
 * The peer as this provider talks to it: one URL, an optional bearer token, and the system's timeouts and retries
 * ({@link HttpTransport}, the settings every GeoRegistry provider shares).
 */
final class Endpoint {

    /** What the peer answered; {@code version} is its {@code X-Version} header, or null. */
    record Reply(int status, String body, String version) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** A busy peer, or a proxy whose peer is down or restarting: the batch was not taken, so it is sent again. */
    private static final Set<Integer> TRANSIENT = Set.of(429, 502, 503);
    private static final int MAX_BODY_KEPT = 4_000;

    private final URI uri;
    private final String token;
    private final HttpClient client;
    private final HttpTransport transport;

    private Endpoint(URI uri, String token, HttpClient client, HttpTransport transport) {
        this.uri = uri;
        this.token = token;
        this.client = client;
        this.transport = transport;
    }

    /**
     * @param client made by {@code transport.newClient()} (or one with the same connect timeout)
     * @throws IllegalArgumentException when the URL is not a valid http(s) URL
     */
    static Endpoint of(Settings systemSettings, HttpClient client, HttpTransport transport) {
        URI uri = URI.create(systemSettings.text(${className}SyncProvider.URL, ""));
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("expected an http or https URL with a host");
        }
        return new Endpoint(uri, systemSettings.text(${className}SyncProvider.TOKEN, null), client, transport);
    }

    URI uri() {
        return uri;
    }

    Reply get() throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    Reply post(String geoJson) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/geo+json")
                .POST(HttpRequest.BodyPublishers.ofString(geoJson)));
    }

    /**
     * Sends, trying again as often as the system's {@code retries} setting says when the request cannot have been
     * taken: no connection could be made, or a transient answer. A timeout while the peer answers is not retried: a
     * POST may have been stored. The whole answer is bounded by the timeouts ({@link HttpTransport#send}).
     */
    private Reply send(HttpRequest.Builder builder) throws IOException, InterruptedException {
        if (token != null) {
            builder.header("Authorization", "Bearer " + token); // never logged
        }
        HttpRequest request = builder.timeout(transport.readTimeout()).build();
        for (int attempt = 1;; attempt++) {
            try {
                HttpResponse<String> r = transport.send(client, request, HttpResponse.BodyHandlers.ofString());
                if (!TRANSIENT.contains(r.statusCode()) || attempt > transport.retries()) {
                    return reply(r);
                }
            } catch (ConnectException | HttpConnectTimeoutException e) {
                if (attempt > transport.retries()) {
                    throw e;
                }
            }
            Thread.sleep(transport.delay(attempt).toMillis());
        }
    }

    private static Reply reply(HttpResponse<String> r) {
        String body = r.body() == null ? "" : r.body();
        // kept with each object error: bounded so a large error page does not bloat the job's history
        return new Reply(r.statusCode(), body.length() > MAX_BODY_KEPT ? body.substring(0, MAX_BODY_KEPT) : body,
                r.headers().firstValue("X-Version").orElse(null));
    }
}
