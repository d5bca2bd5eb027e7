package org.georegistry.itests.dhis2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The query parameters of POST /api/metadata (DESIGN.md section 4) and DHIS2's replace-on-update semantics. */
class ImportModesTest extends EmulatorTest {
    private ObjectNode valid() {
        return TestApi.unit("ImspTQPwCqd", "Sierra Leone", null);
    }

    private ObjectNode invalid() {
        return TestApi.unit("O6uvpzGd5pu", "Bo", null).put("shortName", "s".repeat(60));
    }

    /** atomicMode=ALL (the default): one invalid object and nothing is committed, every object counted ignored. */
    @Test
    void atomicAllCommitsNothingOnError() {
        JsonNode report = TestApi.report(api.postMetadata("", TestApi.units(valid(), invalid())));
        assertEquals("ERROR", report.get("status").asText());
        assertEquals(2, report.at("/stats/ignored").asInt());
        assertEquals(0, dhis2.store().organisationUnitCount());
    }

    /** atomicMode=NONE: the valid object is committed, the invalid one reported; the report is a WARNING. */
    @Test
    void atomicNoneCommitsTheValidObjects() {
        HttpResponse<String> response = api.postMetadata("atomicMode=NONE", TestApi.units(valid(), invalid(),
                TestApi.unit("YuQRtpLP10I", "Child of the invalid one", "O6uvpzGd5pu")));
        JsonNode report = TestApi.report(response);
        assertEquals(409, response.statusCode());
        assertEquals("WARNING", report.get("status").asText());
        assertEquals(1, report.at("/stats/created").asInt());
        assertEquals(2, report.at("/stats/ignored").asInt());
        assertEquals(List.of("E5002"), TestApi.errorCodes(report, 1), "the child of a dropped new unit fails with it");
        assertTrue(dhis2.store().organisationUnit("ImspTQPwCqd").isPresent());
        assertFalse(dhis2.store().organisationUnit("O6uvpzGd5pu").isPresent());
    }

    /** importMode=VALIDATE counts what would be created (responses/metadata-post-ok-dataelement-created_2.31.json). */
    @Test
    void validateCommitsNothing() {
        JsonNode report = TestApi.report(api.postMetadata("importMode=VALIDATE", TestApi.units(valid())));
        assertEquals("OK", report.get("status").asText());
        assertEquals(1, report.at("/stats/created").asInt());
        assertEquals(0, dhis2.store().organisationUnitCount());
    }

    /** identifier=CODE matches stored objects by code: the update keeps the stored uid. */
    @Test
    void identifierCodeMatchesByCode() {
        api.postMetadata("", TestApi.units(valid().put("code", "OU_525")));
        ObjectNode byCode = Json.NODES.objectNode().put("code", "OU_525").put("name", "Renamed")
                .put("shortName", "Renamed").put("openingDate", "1994-01-01");
        JsonNode report = TestApi.report(api.postMetadata("identifier=CODE", TestApi.units(byCode)));
        assertEquals(1, report.at("/stats/updated").asInt());
        assertEquals("Renamed", dhis2.store().organisationUnitByCode("OU_525").orElseThrow().name());
        assertEquals("ImspTQPwCqd", dhis2.store().organisationUnitByCode("OU_525").orElseThrow().id());
        assertEquals(1, dhis2.store().organisationUnitCount());
    }

    /** importStrategy=CREATE refuses an existing object (E5000); UPDATE a missing one (E5001). */
    @Test
    void createAndUpdateStrategies() {
        api.postMetadata("", TestApi.units(valid()));
        assertEquals(List.of("E5000"), TestApi.errorCodes(TestApi.report(
                api.postMetadata("importStrategy=CREATE", TestApi.units(valid()))), 0));
        assertEquals(List.of("E5001"), TestApi.errorCodes(TestApi.report(
                api.postMetadata("importStrategy=UPDATE", TestApi.units(TestApi.unit("O6uvpzGd5pu", "Bo", null)))), 0));
        assertEquals(1, dhis2.store().organisationUnitCount());
    }

    /** importStrategy=DELETE removes units, but not one whose children stay (E4030). */
    @Test
    void deleteStrategy() {
        api.postMetadata("", TestApi.units(valid(), TestApi.unit("O6uvpzGd5pu", "Bo", "ImspTQPwCqd")));
        JsonNode refused = TestApi.report(api.postMetadata("importStrategy=DELETE", TestApi.units(valid())));
        assertEquals(List.of("E4030"), TestApi.errorCodes(refused, 0));
        JsonNode report = TestApi.report(api.postMetadata("importStrategy=DELETE",
                TestApi.units(valid(), TestApi.unit("O6uvpzGd5pu", "Bo", null))));
        assertEquals(2, report.at("/stats/deleted").asInt());
        assertEquals(0, dhis2.store().organisationUnitCount());
    }

    /** mergeMode is gone: an update replaces every property, so one not sent becomes empty. */
    @Test
    void updateOverwritesEveryProperty() {
        api.postMetadata("", TestApi.units(valid().put("description", "Country").put("code", "OU_525")));
        api.postMetadata("", TestApi.units(valid()));
        OrgUnit unit = dhis2.store().organisationUnit("ImspTQPwCqd").orElseThrow();
        assertNull(unit.description());
        assertNull(unit.code());
        assertFalse(dhis2.store().organisationUnitByCode("OU_525").isPresent(), "the old code is free again");
    }

    /** A group sent in a payload owns its membership: the list sent replaces the stored one. */
    @Test
    void groupMembersAreReplaced() {
        api.postMetadata("", TestApi.units(valid(), TestApi.unit("O6uvpzGd5pu", "Bo", "ImspTQPwCqd")));
        ObjectNode payload = Json.NODES.objectNode();
        ObjectNode group = payload.putArray("organisationUnitGroups").addObject().put("id", "CXw2yu5fodb")
                .put("name", "CHC").put("shortName", "CHC");
        group.putArray("organisationUnits").add(Json.ref("ImspTQPwCqd")).add(Json.ref("O6uvpzGd5pu"));
        api.postMetadata("", payload);
        group.putArray("organisationUnits").add(Json.ref("O6uvpzGd5pu"));
        api.postMetadata("", payload);
        assertEquals(Set.of("O6uvpzGd5pu"), dhis2.store().organisationUnitGroup("CXw2yu5fodb").orElseThrow().members());

        group.putArray("organisationUnits").add(Json.ref("AAAAAAAAAAA"));
        assertEquals(List.of("E5002"), TestApi.errorCodes(TestApi.report(api.postMetadata("", payload)), 0));
    }

    /** POST /api/organisationUnitGroups/{g}/organisationUnits/{ou} adds one member; unknown ids are 404. */
    @Test
    void addGroupMember() {
        api.postMetadata("", TestApi.units(valid()));
        ObjectNode payload = Json.NODES.objectNode();
        payload.putArray("organisationUnitGroups").addObject().put("id", "CXw2yu5fodb").put("name", "CHC")
                .put("shortName", "CHC");
        api.postMetadata("", payload);
        assertEquals(204, api.post("/api/organisationUnitGroups/CXw2yu5fodb/organisationUnits/ImspTQPwCqd", "")
                .statusCode());
        assertEquals(Set.of("ImspTQPwCqd"), dhis2.store().organisationUnitGroup("CXw2yu5fodb").orElseThrow().members());
        assertEquals(404, api.post("/api/organisationUnitGroups/CXw2yu5fodb/organisationUnits/AAAAAAAAAAA", "")
                .statusCode());
    }

    /** importReportMode=FULL lists every object; ERRORS (the default) only the failing ones. */
    @Test
    void fullReportListsEveryObject() {
        JsonNode full = TestApi.report(api.postMetadata("importReportMode=FULL", TestApi.units(valid())));
        assertEquals("ImspTQPwCqd", full.at("/typeReports/0/objectReports/0/uid").asText());
        JsonNode errorsOnly = TestApi.report(api.postMetadata("", TestApi.units(valid())));
        assertTrue(errorsOnly.at("/typeReports/0/objectReports").isMissingNode());
    }

    /** Geometry is GeoJSON from 2.32; 2.31 knew featureType and a coordinates string, and no geometry property. */
    @Test
    void geometryDependsOnTheRelease() {
        ObjectNode unit = valid();
        unit.putObject("geometry").put("type", "Point").putArray("coordinates").add(-11.4197).add(8.1039);
        unit.put("featureType", "POINT").put("coordinates", "[-11.4197,8.1039]");
        api.postMetadata("", TestApi.units(unit.deepCopy()));
        JsonNode current = api.getJson("/api/organisationUnits/ImspTQPwCqd");
        assertEquals("Point", current.at("/geometry/type").asText());
        assertFalse(current.has("coordinates"));

        try (Dhis2Emulator old = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.31.9"))) {
            TestApi oldApi = TestApi.admin(old);
            oldApi.postMetadata("", TestApi.units(unit));
            JsonNode served = oldApi.getJson("/api/organisationUnits/ImspTQPwCqd");
            assertFalse(served.has("geometry"));
            assertEquals("POINT", served.get("featureType").asText());
            assertEquals("[-11.4197,8.1039]", served.get("coordinates").asText());
        }
    }

    /** A body that is not JSON is a 400 WebMessage, as DHIS2's JSON parse errors are. */
    @Test
    void malformedJsonIs400() {
        HttpResponse<String> response = api.post("/api/metadata", "{\"organisationUnits\":[{");
        assertEquals(400, response.statusCode());
        assertEquals("ERROR", TestApi.json(response).get("status").asText());
    }
}
