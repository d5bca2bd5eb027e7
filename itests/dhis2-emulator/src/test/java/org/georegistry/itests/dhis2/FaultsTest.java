package org.georegistry.itests.dhis2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The failures of a real DHIS2 and of the proxies in front of it, injected for reliability tests. */
class FaultsTest extends EmulatorTest {

    @Override
    protected Dhis2Emulator.Config config() {
        return super.config().maxBodyBytes(4096);
    }

    /** The next N requests fail with a 500 WebMessage, then the server is healthy again. */
    @Test
    void serverErrorForTheNextRequests() {
        dhis2.faults().failNext(2, Faults.Kind.SERVER_ERROR);
        assertEquals(500, api.get("/api/system/info").statusCode());
        assertEquals("ERROR", TestApi.json(api.get("/api/system/info")).get("status").asText());
        assertEquals(200, api.get("/api/system/info").statusCode());
    }

    /** An nginx 502 page, a 200 login page and a per-path rule that leaves other paths alone. */
    @Test
    void htmlAnswersAndPathRules() {
        dhis2.faults().failNext("/api/metadata", 1, Faults.Kind.BAD_GATEWAY_HTML)
                .failNext("/api/organisationUnits", 1, Faults.Kind.LOGIN_PAGE);
        assertEquals(200, api.get("/api/system/info").statusCode());
        HttpResponse<String> gateway = api.post("/api/metadata", "{}");
        assertEquals(502, gateway.statusCode());
        assertTrue(gateway.body().contains("502 Bad Gateway"));
        HttpResponse<String> login = api.get("/api/organisationUnits");
        assertEquals(200, login.statusCode());
        assertTrue(login.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertThrows(IllegalStateException.class, () -> TestApi.json(login));
        assertEquals(200, api.get("/api/organisationUnits").statusCode());
    }

    /** Truncated JSON: the import happened, but its answer stops mid-document. */
    @Test
    void truncatedJson() {
        dhis2.faults().failNext("/api/metadata", 1, Faults.Kind.TRUNCATED_JSON);
        HttpResponse<String> response = api.postMetadata("", TestApi.units(TestApi.unit("ImspTQPwCqd", "SL", null)));
        assertEquals(200, response.statusCode());
        assertThrows(IllegalStateException.class, () -> TestApi.json(response));
        assertEquals(1, dhis2.store().organisationUnitCount());
    }

    /** The connection closes without any response (a POST: the JDK client silently retries a GET once). */
    @Test
    void connectionClosed() {
        dhis2.faults().failNext(1, Faults.Kind.CONNECTION_CLOSED);
        UncheckedIOException failure = assertThrows(UncheckedIOException.class, () -> api.post("/api/metadata", "{}"));
        assertTrue(failure.getCause() instanceof IOException);
        assertEquals(200, api.get("/api/system/info").statusCode());
    }

    /** A request that is never answered: the client's own timeout must end it. */
    @Test
    void hangUntilTheClientTimesOut() {
        dhis2.faults().failNext(1, Faults.Kind.HANG);
        HttpRequest request = api.request("/api/system/info").timeout(Duration.ofMillis(300)).GET().build();
        UncheckedIOException failure = assertThrows(UncheckedIOException.class, () -> api.send(request));
        assertTrue(failure.getCause() instanceof HttpTimeoutException);
        assertEquals(200, api.get("/api/system/info").statusCode(), "other requests are still served");
    }

    /** A fixed delay on one path only. */
    @Test
    void delay() {
        dhis2.faults().delay("/api/organisationUnits", Duration.ofMillis(400));
        long start = System.nanoTime();
        api.get("/api/organisationUnits");
        assertTrue(System.nanoTime() - start >= 400_000_000L);
        start = System.nanoTime();
        api.get("/api/system/info");
        assertTrue(System.nanoTime() - start < 400_000_000L);
    }

    /** One unit refused with a per-object E5003 in an otherwise fine import (atomicMode=NONE keeps the rest). */
    @Test
    void rejectOneCode() {
        dhis2.faults().rejectCode("OU_264");
        HttpResponse<String> response = api.postMetadata("atomicMode=NONE", TestApi.units(
                TestApi.unit("ImspTQPwCqd", "Sierra Leone", null).put("code", "OU_525"),
                TestApi.unit("O6uvpzGd5pu", "Bo", "ImspTQPwCqd").put("code", "OU_264"),
                TestApi.unit("fdc6uOvgoji", "Bombali", "ImspTQPwCqd").put("code", "OU_193")));
        assertEquals(409, response.statusCode());
        JsonNode report = TestApi.report(response);
        assertEquals(2, report.at("/stats/created").asInt());
        assertEquals(List.of("E5003"), TestApi.errorCodes(report, 0));
        assertEquals(1, report.at("/typeReports/0/objectReports/0/index").asInt());
    }

    /** Request counters per path and in total, faults included. */
    @Test
    void counters() {
        dhis2.faults().failNext(1, Faults.Kind.SERVER_ERROR);
        api.get("/api/system/info");
        api.get("/api/system/info");
        api.get("/api/40/organisationUnits.json");
        assertEquals(3, dhis2.requestCount());
        assertEquals(2, dhis2.requestCount("/api/system/info"));
        assertEquals(1, dhis2.requestCount("/api/organisationUnits"));
        dhis2.resetCounters();
        assertEquals(0, dhis2.requestCount());
    }

    /** Bodies above the limit get a proxy's 413, whether their length is declared or they come chunked. */
    @Test
    void bodyLimit() {
        String big = "{\"organisationUnits\":[],\"pad\":\"" + "x".repeat(5000) + "\"}";
        HttpResponse<String> declared = api.post("/api/metadata", big);
        assertEquals(413, declared.statusCode());
        assertTrue(declared.body().contains("413 Request Entity Too Large"));
        HttpRequest chunked = api.request("/api/metadata").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())))
                .build();
        assertEquals(413, api.send(chunked).statusCode());
        assertEquals(200, api.post("/api/metadata", "{\"organisationUnits\":[]}").statusCode());
    }
}
