package org.georegistry.itests.reveal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** OpenSRP's /rest/location as opensrp-server-web LocationResource and PhysicalLocationService behave. */
class OpenSrpApiTest extends EmulatorTest {
    /** A jurisdiction in the shape DESIGN §6 documents. */
    static String location(String id, String name, String parentId, int level, String geometry) {
        return "{\"type\":\"Feature\",\"id\":\"" + id + "\",\"geometry\":" + geometry + ",\"properties\":{\"uid\":\""
                + id + "\",\"code\":\"" + name.toUpperCase() + "\",\"type\":\"Jurisdiction\",\"status\":\"Active\","
                + (parentId == null ? "" : "\"parentId\":\"" + parentId + "\",") + "\"name\":\"" + name
                + "\",\"geographicLevel\":" + level + ",\"effectiveStartDate\":\"2020-01-15\",\"version\":0}}";
    }

    static final String SQUARE = "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}";

    /** saveBatch: 201 "All Locations  processed" (two spaces, as the resource writes it); jurisdictions stored by id. */
    @Test
    void aBatchIsStoredAndSyncedBack() {
        HttpResponse<String> added = api.post("/rest/location/add?is_jurisdiction=true", "["
                + location("p1", "Northern", null, 0, SQUARE) + "," + location("d1", "Bombali", "p1", 1, SQUARE) + "]");
        assertEquals(201, added.statusCode());
        assertEquals("All Locations  processed", added.body());
        assertEquals(2, reveal.openSrp().jurisdictionCount());
        assertEquals(0, reveal.openSrp().structureCount());
        JsonNode d1 = Client.json(api.get("/rest/location/d1?is_jurisdiction=true"));
        assertEquals("p1", d1.at("/properties/parentId").asText());
        assertTrue(d1.path("serverVersion").asLong() > 0, "the server stamps a serverVersion");
        JsonNode synced = Client.json(api.get("/rest/location/sync?serverVersion=0&is_jurisdiction=true"));
        assertEquals(2, synced.size());
        long last = synced.get(1).path("serverVersion").asLong();
        assertEquals(1, Client.json(api.get("/rest/location/sync?serverVersion=" + last + "&is_jurisdiction=true")).size());
        assertEquals("null", api.get("/rest/location/unknown?is_jurisdiction=true").body(), "gson.toJson(null), 200");
        assertEquals(400, api.get("/rest/location/sync?is_jurisdiction=true").statusCode(), "serverVersion is required");
    }

    /** saveLocations: an id it cannot store is listed, the others are stored, still 201. */
    @Test
    void locationsThatFailAreNamedInTheAnswer() {
        reveal.faults().reject("d1");
        HttpResponse<String> added = api.post("/rest/location/add?is_jurisdiction=true", "["
                + location("p1", "Northern", null, 0, SQUARE) + "," + location("d1", "Bombali", "p1", 1, SQUARE) + ","
                + location("", "NoId", "p1", 1, SQUARE).replace("\"id\":\"\",", "") + "]");
        assertEquals(201, added.statusCode());
        assertEquals("Locations with Ids not processed: d1,null", added.body());
        assertEquals(1, reveal.openSrp().jurisdictionCount());
    }

    /** Gson reads geographicLevel and version as int, dates as ISO: a wrong type is a JsonSyntaxException, 400 for all. */
    @Test
    void aValueOfTheWrongTypeRefusesTheWholeRequest() {
        String levelAsName = location("d1", "Bombali", null, 1, SQUARE).replace("\"geographicLevel\":1", "\"geographicLevel\":\"district\"");
        assertEquals(400, api.post("/rest/location/add?is_jurisdiction=true", "[" + location("p1", "N", null, 0, SQUARE) + ","
                + levelAsName + "]").statusCode());
        String badDate = location("d1", "Bombali", null, 1, SQUARE).replace("2020-01-15", "15/01/2020");
        assertEquals(400, api.post("/rest/location/add?is_jurisdiction=true", "[" + badDate + "]").statusCode());
        assertEquals(400, api.post("/rest/location/add?is_jurisdiction=true", "{\"not\":\"an array\"}").statusCode());
        assertEquals(0, reveal.openSrp().jurisdictionCount());
        reveal.faults().unreadable("p2");
        assertEquals(400, api.post("/rest/location/add?is_jurisdiction=true", "[" + location("p1", "N", null, 0, SQUARE) + ","
                + location("p2", "S", null, 0, SQUARE) + "]").statusCode(), "the fault stands for such a value");
        assertEquals(0, reveal.openSrp().jurisdictionCount());
        HttpResponse<String> unknownStatus = api.post("/rest/location/add?is_jurisdiction=true",
                "[" + location("p1", "N", null, 0, SQUARE).replace("\"Active\"", "\"Retired\"") + "]");
        assertEquals(201, unknownStatus.statusCode());
        assertTrue(reveal.openSrp().jurisdiction("p1").orElseThrow().at("/properties/status").isNull(),
                "Gson reads an unknown enum name as null");
    }

    /** create: 201 without body; an exception (id not specified) is a bare 500; a new geometry bumps the version. */
    @Test
    void oneLocationAtATime() {
        HttpResponse<String> created = api.post("/rest/location?is_jurisdiction=true", location("p1", "Northern", null, 0, SQUARE));
        assertEquals(201, created.statusCode());
        assertEquals("", created.body());
        assertEquals(500, api.post("/rest/location?is_jurisdiction=true",
                location("x", "NoId", null, 0, SQUARE).replace("\"id\":\"x\",", "")).statusCode());
        String moved = location("p1", "Northern", null, 0, SQUARE.replace("[1,1]", "[2,2]"));
        assertEquals(201, api.put("/rest/location?is_jurisdiction=true", moved).statusCode());
        assertEquals(1, reveal.openSrp().jurisdiction("p1").orElseThrow().at("/properties/version").asInt(),
                "PhysicalLocationService.update: a jurisdiction whose geometry changed gets version + 1");
        assertEquals(201, api.post("/rest/location", location("s1", "House", "p1", 2, SQUARE)).statusCode());
        assertEquals(1, reveal.openSrp().structureCount(), "without is_jurisdiction=true it is a structure");
    }
}
