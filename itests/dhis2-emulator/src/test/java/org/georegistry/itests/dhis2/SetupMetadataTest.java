package org.georegistry.itests.dhis2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** dhis2-core's e2e setup payload (e2e/setup-metadata.json), children listed before their parents. */
class SetupMetadataTest extends EmulatorTest {

    /** POSTed as is, it is accepted, and the units get the levels the DHIS2 export declared, with full paths. */
    @Test
    void setupPayloadIsAcceptedAndServedWithLevelsAndPaths() {
        HttpResponse<String> response = api.post("/api/metadata", Fixtures.text("e2e/setup-metadata.json"));
        assertEquals(200, response.statusCode(), response.body());
        for (JsonNode type : TestApi.report(response).get("typeReports")) {
            if (type.get("klass").asText().equals(ErrorReport.ORG_UNIT)) {
                assertEquals(5, type.at("/stats/created").asInt());
            }
        }
        assertServed(Fixtures.json("e2e/setup-metadata.json"));
    }

    /** The same file as seed of a new emulator gives the same content without any request. */
    @Test
    void setupPayloadAsSeed() {
        try (Dhis2Emulator seeded = Dhis2Emulator.start(new Dhis2Emulator.Config()
                .seed(Fixtures.dhis2("e2e/setup-metadata.json")))) {
            assertEquals(5, seeded.store().organisationUnitCount());
            assertEquals(List.of(1, 2, 3, 4), seeded.store().organisationUnitLevels().stream()
                    .map(OrgUnitLevel::level).toList());
            assertEquals("/ImspTQPwCqd/O6uvpzGd5pu/YuQRtpLP10I/g8upMTyEZGZ",
                    seeded.store().organisationUnitByCode("OU_167609").orElseThrow().path());
        }
    }

    private void assertServed(JsonNode fixture) {
        assertEquals(5, dhis2.store().organisationUnitCount());
        JsonNode served = api.getJson("/api/organisationUnits?paging=false&fields=id,level,path,parent[id]");
        assertEquals(5, served.get("organisationUnits").size());
        for (JsonNode expected : fixture.get("organisationUnits")) {
            JsonNode unit = api.getJson("/api/organisationUnits/" + expected.get("id").asText()
                    + "?fields=id,level,path,parent");
            assertEquals(expected.get("level").asInt(), unit.get("level").asInt(), "level of " + expected.get("id"));
            String parentPath = expected.has("parent")
                    ? api.getJson("/api/organisationUnits/" + expected.at("/parent/id").asText()).get("path").asText()
                    : "";
            assertEquals(parentPath + "/" + expected.get("id").asText(), unit.get("path").asText());
        }
        OrgUnitGroup group = dhis2.store().organisationUnitGroup("tMbbjys8mS6").orElseThrow();
        assertEquals(Set.of("g8upMTyEZGZ", "O6uvpzGd5pu", "ImspTQPwCqd", "DiszpKrYNg8", "YuQRtpLP10I"),
                group.members());
        assertEquals(4, dhis2.store().organisationUnitLevels().size());
        assertEquals(List.of("TA_NO", "TA_YES"), dhis2.store().optionSets().get(0).options().stream()
                .map(OptionSet.Option::code).toList());
    }
}
