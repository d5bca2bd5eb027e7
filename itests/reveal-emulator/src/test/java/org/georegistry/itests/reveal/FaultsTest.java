package org.georegistry.itests.reveal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Failures of a real server and of the proxy before it, injected per path for reliability tests. */
class FaultsTest extends EmulatorTest {
    /** The next N requests to a path fail (bare 500, nginx 502/503 pages), then the server answers again. */
    @Test
    void errorsForTheNextRequestsOfAPath() {
        reveal.faults().failNext("/rest/location/add", 1, Faults.Kind.SERVER_ERROR)
                .failNext("/rest/location/add", 1, Faults.Kind.BAD_GATEWAY_HTML)
                .failNext("/rest/location/add", 1, Faults.Kind.UNAVAILABLE_HTML);
        assertEquals(200, api.get("/api/v1/geographicLevel").statusCode(), "other paths are untouched");
        assertEquals(500, api.post("/rest/location/add?is_jurisdiction=true", "[]").statusCode());
        HttpResponse<String> gateway = api.post("/rest/location/add?is_jurisdiction=true", "[]");
        assertEquals(502, gateway.statusCode());
        assertTrue(gateway.body().contains("502 Bad Gateway"));
        assertEquals(503, api.post("/rest/location/add?is_jurisdiction=true", "[]").statusCode());
        assertEquals(201, api.post("/rest/location/add?is_jurisdiction=true", "[]").statusCode());
        assertEquals(4, reveal.requestCount("/rest/location/add"));
    }

    /** The connection closes without an answer (a POST: the JDK client retries a GET once by itself). */
    @Test
    void connectionClosed() {
        reveal.faults().failNext("", 1, Faults.Kind.CONNECTION_CLOSED);
        assertThrows(UncheckedIOException.class, () -> api.post("/rest/location/add?is_jurisdiction=true", "[]"));
        assertEquals(201, api.post("/rest/location/add?is_jurisdiction=true", "[]").statusCode());
    }

    /** No answer at all: only the client's read timeout ends the request; the emulator still serves others. */
    @Test
    void hangUntilTheClientTimesOut() {
        reveal.faults().failNext("/api/v1/geographicLevel", 1, Faults.Kind.HANG);
        HttpRequest request = api.request("/api/v1/geographicLevel").timeout(Duration.ofMillis(300)).GET().build();
        UncheckedIOException failure = assertThrows(UncheckedIOException.class, () -> api.send(request));
        assertTrue(failure.getCause() instanceof HttpTimeoutException);
        assertEquals(200, api.get("/api/v1/geographicLevel").statusCode());
    }

    /** A slow path: every request waits, other paths do not. */
    @Test
    void delay() {
        reveal.faults().delay("/api/v1/location", Duration.ofMillis(300));
        long start = System.nanoTime();
        api.get("/api/v1/location");
        assertTrue(System.nanoTime() - start >= 300_000_000L);
        start = System.nanoTime();
        api.get("/api/v1/geographicLevel");
        assertTrue(System.nanoTime() - start < 300_000_000L);
    }

    /** One Reveal location refused (a 500, as a database error), the next accepted. */
    @Test
    void rejectOneRevealLocation() {
        api.post("/api/v1/geographicLevel", "{\"title\":\"Country\",\"name\":\"country\"}");
        reveal.faults().reject("Atlantis");
        String feature = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,1]},"
                + "\"properties\":{\"name\":\"Atlantis\",\"status\":\"ACTIVE\",\"geographicLevel\":\"country\"}}";
        assertEquals(500, api.post("/api/v1/location", feature).statusCode());
        assertEquals(201, api.post("/api/v1/location", feature.replace("Atlantis", "Zambia")).statusCode());
        assertEquals(1, reveal.reveal().locationCount());
    }
}
