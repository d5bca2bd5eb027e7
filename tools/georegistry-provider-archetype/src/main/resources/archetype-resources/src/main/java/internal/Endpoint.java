package ${package}.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.georegistry.api.sync.Settings;

/** The peer as this provider talks to it: one URL, an optional bearer token, bounded waits. */
final class Endpoint {

    /** What the peer answered; {@code version} is its {@code X-Version} header, or null. */
    record Reply(int status, String body, String version) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final int MAX_BODY_KEPT = 4_000;

    private final URI uri;
    private final String token;

    private Endpoint(URI uri, String token) {
        this.uri = uri;
        this.token = token;
    }

    /** @throws IllegalArgumentException when the URL is not a valid http(s) URL */
    static Endpoint of(Settings systemSettings) {
        URI uri = URI.create(systemSettings.text(${className}SyncProvider.URL, ""));
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("expected an http or https URL with a host");
        }
        return new Endpoint(uri, systemSettings.text(${className}SyncProvider.TOKEN, null));
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

    private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (token != null) {
            request.header("Authorization", "Bearer " + token); // never logged
        }
        HttpResponse<String> r = CLIENT.send(request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        String body = r.body() == null ? "" : r.body();
        // kept with each object error: bounded so a large error page does not bloat the job's history
        return new Reply(r.statusCode(), body.length() > MAX_BODY_KEPT ? body.substring(0, MAX_BODY_KEPT) : body,
                r.headers().firstValue("X-Version").orElse(null));
    }
}
