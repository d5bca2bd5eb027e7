package org.georegistry.itests.reveal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Reveal server's /api/v1 as akrosinc/reveal-server's controllers and DTOs define it, and its own sample file. */
class RevealApiTest extends EmulatorTest {
    private static final List<String> FIXTURE_LEVELS =
            List.of("country", "province", "district", "catchment", "operational", "structure");

    private void createFixtureLevels() {
        for (String level : FIXTURE_LEVELS) {
            assertEquals(201, api.post("/api/v1/geographicLevel", "{\"title\":\"" + level + "\",\"name\":\"" + level + "\"}")
                    .statusCode());
        }
        assertEquals(201, api.post("/api/v1/locationHierarchy", "{\"name\":\"zambia\",\"nodeOrder\":"
                + Json.MAPPER.valueToTree(FIXTURE_LEVELS) + "}").statusCode());
    }

    private RevealStore.Location named(String name) {
        return reveal.reveal().locations().stream().filter(l -> name.equals(l.name())).findFirst().orElseThrow();
    }

    /** LocationBulkController: the server's own LocationUploadSample.json uploads as multipart part "file": 202, all 151 stored. */
    @Test
    void theServersSampleFileUploadsInBulkAndParentsFollowFromGeometry() {
        createFixtureLevels();
        HttpResponse<String> accepted = api.upload("/api/v1/location/bulk", "LocationUploadSample.json", Client.fixtureBytes());
        assertEquals(202, accepted.statusCode(), accepted.body());
        String bulk = Client.json(accepted).path("identifier").asText();
        assertEquals(151, reveal.reveal().locationCount());
        JsonNode details = Client.json(api.get("/api/v1/location/bulk/" + bulk + "?size=200"));
        assertEquals(151, details.path("totalElements").asInt());
        details.path("content").forEach(e -> assertEquals("SUCCESSFUL", e.path("status").asText(), e.toString()));
        // DESIGN §6: the server derives parents spatially (child centroid inside the parent level's geometry)
        assertEquals("Zambia", reveal.reveal().parentOf(named("Southern").identifier(), "zambia").orElseThrow().name());
        assertEquals("Southern", reveal.reveal().parentOf(named("Gwembe").identifier(), "zambia").orElseThrow().name());
        assertEquals("chbb_3", reveal.reveal().parentOf(named("625064465").identifier(), "zambia").orElseThrow().name());
        assertTrue(reveal.reveal().parentOf(named("Zambia").identifier(), "zambia").isEmpty(), "the root has no parent");
        // LocationStatus is an enum ACTIVE...; the sample's lower-case "active" is read case-insensitively
        assertEquals("ACTIVE", named("Zambia").status());
        assertEquals("7fcd3811-ef21-451e-b407-db635e976246", named("Zambia").externalId());
    }

    /** LocationItemProcessor: a location of an unknown level is a FAILED entry "GeographicLevel with name %s does not exist". */
    @Test
    void bulkEntriesOfUnknownLevelsFailByName() {
        HttpResponse<String> accepted = api.upload("/api/v1/location/bulk", "LocationUploadSample.json", Client.fixtureBytes());
        assertEquals(202, accepted.statusCode());
        JsonNode first = Client.json(api.get("/api/v1/location/bulk/" + Client.json(accepted).path("identifier").asText()))
                .path("content").get(0);
        assertEquals("Zambia", first.path("name").asText());
        assertEquals("FAILED", first.path("status").asText());
        assertEquals("GeographicLevel with name country does not exist", first.path("message").asText());
        assertEquals(0, reveal.reveal().locationCount());
    }

    /** LocationController POST: each feature of the sample is a valid LocationRequest: 201 with the stored location. */
    @Test
    void eachSampleFeatureIsAcceptedOneByOne() {
        createFixtureLevels();
        JsonNode sample = Json.MAPPER.valueToTree(Client.json(api.get("/api/v1/geographicLevel")));
        assertEquals(6, sample.path("totalElements").asInt());
        JsonNode features;
        try {
            features = Json.MAPPER.readTree(Client.fixtureBytes());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> created = api.post("/api/v1/location", features.get(i).toString());
            assertEquals(201, created.statusCode(), created.body());
            JsonNode body = Client.json(created);
            UUID.fromString(body.path("identifier").asText());
            assertEquals(features.get(i).path("properties").path("name").asText(), body.path("properties").path("name").asText());
        }
        JsonNode page = Client.json(api.get("/api/v1/location?size=4&page=1"));
        assertEquals(10, page.path("totalElements").asInt());
        assertEquals(4, page.path("content").size());
        assertEquals(3, page.path("totalPages").asInt());
        assertTrue(page.path("content").get(0).path("geometry").isMissingNode(), "_summary defaults to TRUE: no geometry");
    }

    /** GeographicLevelRequest: title @NotBlank, name @NotBlank and @Pattern [a-z0-9\-]+ → 400 fieldValidationErrors. */
    @Test
    void geographicLevelValidation() {
        HttpResponse<String> bad = api.post("/api/v1/geographicLevel", "{\"title\":\"\",\"name\":\"Health Facility\"}");
        assertEquals(400, bad.statusCode());
        JsonNode errors = Client.json(bad).path("fieldValidationErrors");
        assertEquals(2, errors.size());
        assertEquals("title", errors.get(0).path("field").asText());
        assertEquals("pattern not matched", errors.get(1).path("messageKey").asText());
        assertEquals(201, api.post("/api/v1/geographicLevel", "{\"title\":\"Health facility\",\"name\":\"health-facility\"}").statusCode());
        assertEquals(409, api.post("/api/v1/geographicLevel", "{\"title\":\"Again\",\"name\":\"health-facility\"}").statusCode());
        assertEquals(415, api.send(api.request("/api/v1/geographicLevel").header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build()).statusCode());
    }

    /** LocationHierarchyRequest: name and nodeOrder required, unique nodes; levels must exist (NotFoundException, 404). */
    @Test
    void locationHierarchyValidation() {
        assertEquals(400, api.post("/api/v1/locationHierarchy", "{\"name\":\"h\",\"nodeOrder\":[]}").statusCode());
        HttpResponse<String> duplicate = api.post("/api/v1/locationHierarchy", "{\"name\":\"h\",\"nodeOrder\":[\"a\",\"a\"]}");
        assertEquals("duplicate nodes in hierarchy", Client.json(duplicate).at("/fieldValidationErrors/0/messageKey").asText());
        HttpResponse<String> unknown = api.post("/api/v1/locationHierarchy", "{\"name\":\"h\",\"nodeOrder\":[\"country\"]}");
        assertEquals(404, unknown.statusCode());
        assertEquals(404, Client.json(unknown).path("statusCode").asInt());
        createFixtureLevels();
        JsonNode list = Client.json(api.get("/api/v1/locationHierarchy"));
        assertEquals("zambia", list.at("/content/0/name").asText());
        assertEquals("structure", list.at("/content/0/nodeOrder/5").asText());
    }

    /** LocationRequest: geometry @NotNull (400); the level is looked up by name (404); externalId is a UUID (400). */
    @Test
    void locationValidation() {
        createFixtureLevels();
        HttpResponse<String> noGeometry = api.post("/api/v1/location",
                "{\"type\":\"Feature\",\"properties\":{\"name\":\"X\",\"status\":\"ACTIVE\",\"geographicLevel\":\"country\"}}");
        assertEquals(400, noGeometry.statusCode());
        assertEquals("geometry", Client.json(noGeometry).at("/fieldValidationErrors/0/field").asText());
        String point = "{\"type\":\"Point\",\"coordinates\":[28.3,-15.4]}";
        HttpResponse<String> unknownLevel = api.post("/api/v1/location", "{\"type\":\"Feature\",\"geometry\":" + point
                + ",\"properties\":{\"name\":\"X\",\"status\":\"ACTIVE\",\"geographicLevel\":\"village\"}}");
        assertEquals(404, unknownLevel.statusCode());
        assertTrue(Client.json(unknownLevel).path("message").asText().contains("village"));
        assertEquals(400, api.post("/api/v1/location", "{\"type\":\"Feature\",\"geometry\":" + point
                + ",\"properties\":{\"name\":\"X\",\"externalId\":\"not-a-uuid\",\"geographicLevel\":\"country\"}}").statusCode());
        assertEquals(400, api.post("/api/v1/location", "{not json").statusCode());
        String ok = "{\"type\":\"Feature\",\"geometry\":" + point
                + ",\"properties\":{\"name\":\"Lusaka\",\"status\":\"ACTIVE\",\"geographicLevel\":\"country\"}}";
        JsonNode created = Client.json(api.post("/api/v1/location", ok));
        String id = created.path("identifier").asText();
        assertEquals(200, api.put("/api/v1/location/" + id, ok.replace("Lusaka", "Lusaka City")).statusCode());
        assertEquals("Lusaka City", Client.json(api.get("/api/v1/location/" + id)).at("/properties/name").asText());
        assertEquals(404, api.get("/api/v1/location/" + UUID.randomUUID()).statusCode());
    }
}
