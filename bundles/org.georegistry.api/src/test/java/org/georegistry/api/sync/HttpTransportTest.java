package org.georegistry.api.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shared HTTP settings: names, defaults, ranges, the retry schedule, and a deadline that covers the body. */
class HttpTransportTest {

    @Test
    void defaultsWhenNothingIsSetAndTheValuesWhenSet() {
        HttpTransport defaults = HttpTransport.of(Settings.empty());
        assertEquals(Duration.ofSeconds(10), defaults.connectTimeout());
        assertEquals(Duration.ofSeconds(120), defaults.readTimeout());
        assertEquals(4, defaults.retries());
        HttpTransport set = HttpTransport.of(Settings.of(Map.of("connectTimeoutSeconds", 3, "readTimeoutSeconds", "7",
                "retries", 0)));
        assertEquals(Duration.ofSeconds(3), set.connectTimeout());
        assertEquals(Duration.ofSeconds(7), set.readTimeout());
        assertEquals(0, set.retries());
        assertEquals(Duration.ofSeconds(300), HttpTransport.of(Settings.of(Map.of("connectTimeoutSeconds", 9999)))
                .connectTimeout(), "an unchecked value out of range is brought to the bound");
    }

    @Test
    void outOfRangeValuesAreRefusedNamingTheField() {
        Settings bad = Settings.of(Map.of("connectTimeoutSeconds", 0, "readTimeoutSeconds", "soon", "retries", 11));
        assertEquals(List.of("connectTimeoutSeconds", "readTimeoutSeconds", "retries"),
                HttpTransport.problems(bad).stream().map(SettingProblem::field).toList());
        assertEquals("Give a whole number from 1 to 3600", HttpTransport.problems(bad).get(1).message());
        assertEquals(List.of(), HttpTransport.problems(Settings.of(Map.of("connectTimeoutSeconds", 300,
                "readTimeoutSeconds", 1, "retries", 10))));
    }

    @Test
    void theSettingsAreOptionalWholeNumbersSayingTheirDefaults() {
        List<SettingDescriptor> descriptors = HttpTransport.descriptors();
        assertEquals(List.of("connectTimeoutSeconds", "readTimeoutSeconds", "retries"),
                descriptors.stream().map(SettingDescriptor::name).toList());
        for (SettingDescriptor d : descriptors) {
            assertEquals(SettingType.INTEGER, d.type());
            assertFalse(d.required() || d.secret(), d.name());
            assertTrue(d.description().contains("default "), d.description());
        }
    }

    @Test
    void retriesWaitTwiceAsLongEachTimeUpToTheBound() {
        HttpTransport t = HttpTransport.of(Settings.empty()).withFirstDelay(Duration.ofMillis(500));
        assertEquals(List.of(500L, 1000L, 2000L, 4000L), List.of(t.delay(1).toMillis(), t.delay(2).toMillis(),
                t.delay(3).toMillis(), t.delay(4).toMillis()));
        assertEquals(HttpTransport.MAX_DELAY, t.delay(12));
        assertEquals(HttpTransport.MAX_DELAY, t.delay(500));
        HttpTransport once = t.once(Duration.ofSeconds(5), Duration.ofSeconds(30));
        assertEquals(0, once.retries());
        assertEquals(Duration.ofSeconds(5), once.connectTimeout());
        assertEquals(Duration.ofSeconds(30), once.readTimeout());
        assertEquals(once, t.interactive(), "a connection test's limits are the same in every provider");
        HttpTransport patient = HttpTransport.of(Settings.of(Map.of(HttpTransport.CONNECT_TIMEOUT, 2,
                HttpTransport.READ_TIMEOUT, 600, HttpTransport.RETRIES, 3)));
        assertEquals(Duration.ofSeconds(2), patient.interactive().connectTimeout(), "a shorter setting stays");
        assertEquals(Duration.ofSeconds(30), patient.interactive().readTimeout());
        assertEquals(0, patient.interactive().retries());
    }

    @Test
    void aNewClientHasTheConnectTimeoutAndFollowsNoRedirect() {
        HttpClient client = HttpTransport.of(Settings.of(Map.of(HttpTransport.CONNECT_TIMEOUT, 7))).newClient();
        assertEquals(Optional.of(Duration.ofSeconds(7)), client.connectTimeout());
        assertEquals(HttpClient.Redirect.NEVER, client.followRedirects());
    }

    /** The JDK's request timeout stops at the headers: a body that stalls must still end the call. */
    @Test
    void aPeerThatStallsInTheMiddleOfTheBodyTimesOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 100);
            OutputStream body = exchange.getResponseBody();
            body.write("{\"truncated\":".getBytes(StandardCharsets.UTF_8));
            body.flush();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
        try {
            HttpTransport t = HttpTransport.of(Settings.of(Map.of("connectTimeoutSeconds", 1, "readTimeoutSeconds", 1)));
            HttpClient client = HttpClient.newBuilder().connectTimeout(t.connectTimeout()).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                    + "/")).timeout(t.readTimeout()).build();
            long start = System.nanoTime();
            HttpTimeoutException e = assertThrows(HttpTimeoutException.class,
                    () -> t.send(client, request, HttpResponse.BodyHandlers.ofString()));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("no complete answer within 1 s", e.getMessage());
            assertTrue(millis >= 1000 && millis < 5000, "gave up after connect + read timeouts: " + millis + " ms");
        } finally {
            release.countDown();
            server.stop(0);
        }
    }
}
