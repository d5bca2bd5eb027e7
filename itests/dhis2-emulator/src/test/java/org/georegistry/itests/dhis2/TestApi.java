package org.georegistry.itests.dhis2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A real HTTP client on an emulator, with the payload builders the tests share. */
final class TestApi {
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final Dhis2Emulator dhis2;
    private final String authorization;

    TestApi(Dhis2Emulator dhis2, String authorization) {
        this.dhis2 = dhis2;
        this.authorization = authorization;
    }

    static TestApi admin(Dhis2Emulator dhis2) {
        return new TestApi(dhis2, basic("admin", "district"));
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(dhis2.baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(30));
        return authorization == null ? builder : builder.header("Authorization", authorization);
    }

    HttpResponse<String> get(String pathAndQuery) {
        return send(request(pathAndQuery).GET().build());
    }

    HttpResponse<String> post(String pathAndQuery, String body) {
        return send(request(pathAndQuery).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode getJson(String pathAndQuery) {
        return json(get(pathAndQuery));
    }

    /** POST /api/metadata with query parameters, e.g. "atomicMode=NONE". */
    HttpResponse<String> postMetadata(String query, JsonNode payload) {
        return post("/api/metadata" + (query.isEmpty() ? "" : "?" + query), payload.toString());
    }

    /** The ImportReport of a metadata answer, whatever the envelope of the emulated release. */
    static JsonNode report(HttpResponse<String> response) {
        JsonNode body = json(response);
        return body.has("response") ? body.get("response") : body;
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON (HTTP " + response.statusCode() + "): " + response.body(), e);
        }
    }

    static ObjectNode unit(String id, String name, String parentId) {
        ObjectNode unit = Json.NODES.objectNode();
        unit.put("id", id).put("name", name).put("shortName", name).put("openingDate", "2000-01-01");
        if (parentId != null) {
            unit.set("parent", Json.ref(parentId));
        }
        return unit;
    }

    static ObjectNode units(ObjectNode... units) {
        ObjectNode payload = Json.NODES.objectNode();
        ArrayNode array = payload.putArray("organisationUnits");
        for (ObjectNode unit : units) {
            array.add(unit);
        }
        return payload;
    }

    /** The error codes of the first object report, e.g. [E4000, E4002]. */
    static java.util.List<String> errorCodes(JsonNode report, int objectReport) {
        java.util.List<String> codes = new java.util.ArrayList<>();
        report.path("typeReports").get(0).path("objectReports").get(objectReport).path("errorReports")
                .forEach(e -> codes.add(e.path("errorCode").asText()));
        return codes;
    }
}
