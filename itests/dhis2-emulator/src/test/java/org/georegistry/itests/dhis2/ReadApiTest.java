package org.georegistry.itests.dhis2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reads a sync provider makes, on the units of e2e/setup-metadata.json. */
class ReadApiTest extends EmulatorTest {

    @Override
    protected Dhis2Emulator.Config config() {
        return super.config().seed(Fixtures.dhis2("e2e/setup-metadata.json"));
    }

    private List<String> ids(String query) {
        List<String> ids = new ArrayList<>();
        api.getJson("/api/organisationUnits?paging=false&" + query).get("organisationUnits")
                .forEach(u -> ids.add(u.get("id").asText()));
        return ids;
    }

    /** pager {page, pageCount, total, pageSize} as in responses/organisationUnitGroups-list-paged.json; default 50. */
    @Test
    void pagingFollowsDhis2() {
        JsonNode first = api.getJson("/api/organisationUnits?pageSize=2");
        assertEquals(1, first.at("/pager/page").asInt());
        assertEquals(3, first.at("/pager/pageCount").asInt());
        assertEquals(5, first.at("/pager/total").asInt());
        assertEquals(2, first.get("organisationUnits").size());
        assertTrue(first.at("/pager/nextPage").asText().contains("page=2"));
        assertEquals(1, api.getJson("/api/organisationUnits?pageSize=2&page=3").get("organisationUnits").size());
        assertEquals(50, api.getJson("/api/organisationUnits").at("/pager/pageSize").asInt());
        JsonNode all = api.getJson("/api/organisationUnits?paging=false");
        assertFalse(all.has("pager"));
        assertEquals(5, all.get("organisationUnits").size());
        Fixtures.assertSameShape(Fixtures.json("responses/organisationUnitGroups-list-paged.json"),
                api.getJson("/api/organisationUnitGroups"), "groups");
    }

    /** fields= selects properties, nested with [..], expands references, skips unknown names; * gives everything. */
    @Test
    void fieldsSelectAndExpand() {
        JsonNode unit = api.getJson("/api/organisationUnits?filter=id:eq:DiszpKrYNg8&fields=id,code,name,shortName,"
                + "openingDate,closedDate,parent[id],path,level,geometry,translations,attributeValues,description,bogus")
                .at("/organisationUnits/0");
        assertEquals(Set.of("id", "code", "name", "shortName", "openingDate", "parent", "path", "level", "geometry",
                "translations", "attributeValues"), fieldNames(unit));
        assertEquals(Set.of("id"), fieldNames(unit.get("parent")));
        assertEquals("1970-01-01T00:00:00.000", unit.get("openingDate").asText());
        assertEquals("Point", unit.at("/geometry/type").asText());

        JsonNode expanded = api.getJson("/api/organisationUnits/DiszpKrYNg8?fields=id,parent[id,name,level]");
        assertEquals("Badjia", expanded.at("/parent/name").asText());
        assertEquals(3, expanded.at("/parent/level").asInt());
        assertTrue(api.getJson("/api/organisationUnits/DiszpKrYNg8?fields=:all").has("lastUpdated"));
        assertTrue(api.getJson("/api/organisationUnits?fields=*").at("/organisationUnits/0").has("openingDate"));
        assertEquals(Set.of("id", "displayName"), fieldNames(api.getJson("/api/organisationUnits")
                .at("/organisationUnits/0")), "default list fields");
    }

    /** filter=prop:op:value with eq, in, like, ilike, null, !null, gt/ge/lt on lastUpdated, level=, ANDed. */
    @Test
    void filters() {
        assertEquals(List.of("DiszpKrYNg8"), ids("filter=code:eq:OU_559"));
        assertEquals(Set.of("DiszpKrYNg8", "ImspTQPwCqd"), Set.copyOf(ids("filter=id:in:[DiszpKrYNg8,ImspTQPwCqd]")));
        assertEquals(List.of("O6uvpzGd5pu"), ids("filter=name:like:Bo"));
        assertEquals(List.of("g8upMTyEZGZ"), ids("filter=name:ilike:njandama"));
        assertEquals(List.of("ImspTQPwCqd"), ids("filter=parent:null"));
        assertEquals(4, ids("filter=parent:!null").size());
        assertEquals(Set.of("DiszpKrYNg8", "g8upMTyEZGZ"), Set.copyOf(ids("level=4")));
        assertEquals(List.of("DiszpKrYNg8"), ids("filter=level:eq:4&filter=name:like:CHC"));
        assertEquals(List.of("YuQRtpLP10I"), ids("filter=parent.id:eq:O6uvpzGd5pu"));
        assertEquals(5, ids("filter=lastUpdated:ge:2000-01-01").size());
        assertEquals(0, ids("filter=lastUpdated:gt:2999-01-01").size());
        assertEquals(5, ids("filter=lastUpdated:lt:2999-01-01").size());
        assertEquals(Set.of("DiszpKrYNg8", "g8upMTyEZGZ", "O6uvpzGd5pu"),
                Set.copyOf(ids("rootJunction=OR&filter=level:eq:4&filter=name:like:Bo")));
        assertEquals(List.of("DiszpKrYNg8"), ids("level=4&filter=lastUpdated:ge:2000-01-01&filter=code:in:[OU_559,X]"));
        // a level read page by page, as the provider's import does: the pager counts the level's units only
        Set<String> paged = new HashSet<>();
        for (int page = 1; page <= 2; page++) {
            JsonNode answer = api.getJson("/api/organisationUnits?level=4&pageSize=1&page=" + page);
            assertEquals(2, answer.at("/pager/total").asInt());
            assertEquals(1, answer.get("organisationUnits").size());
            paged.add(answer.at("/organisationUnits/0/id").asText());
        }
        assertEquals(Set.of("DiszpKrYNg8", "g8upMTyEZGZ"), paged);
        assertEquals(400, api.get("/api/organisationUnits?filter=name:sounds:Bo").statusCode());
    }

    /** A missing uid is 404 with DHIS2's WebMessage body; the API version segment and .json are accepted. */
    @Test
    void singleUnit() {
        HttpResponse<String> missing = api.get("/api/organisationUnits/AAAAAAAAAAA");
        assertEquals(404, missing.statusCode());
        JsonNode message = TestApi.json(missing);
        assertEquals("Not Found", message.get("httpStatus").asText());
        assertEquals(404, message.get("httpStatusCode").asInt());
        assertEquals("ERROR", message.get("status").asText());
        assertEquals("Bo", api.getJson("/api/40/organisationUnits/O6uvpzGd5pu.json").get("name").asText());
        JsonNode country = api.getJson("/api/organisationUnits/ImspTQPwCqd");
        JsonNode fixture = Fixtures.json("responses/organisationUnits-ImspTQPwCqd.json");
        for (String field : List.of("id", "name", "shortName", "code", "level", "path", "openingDate", "leaf")) {
            assertEquals(fixture.get(field), country.get(field), field);
        }
        assertEquals(Set.of("O6uvpzGd5pu"), Set.copyOf(country.get("children").findValuesAsText("id")));
    }

    /** responses/system-info_2.31.9.json: version, revision, buildTime, serverDate, contextPath and friends. */
    @Test
    void systemInfo() {
        JsonNode info = api.getJson("/api/system/info");
        JsonNode fixture = Fixtures.json("responses/system-info_2.31.9.json");
        for (String field : List.of("version", "revision", "buildTime", "serverDate", "contextPath", "calendar",
                "dateFormat", "systemId", "systemName", "instanceBaseUrl", "databaseInfo")) {
            assertEquals(fixture.get(field).getNodeType(), info.get(field).getNodeType(), field);
        }
        assertEquals("2.40.5", info.get("version").asText());
        assertEquals(dhis2.baseUrl(), info.get("contextPath").asText());
    }

    /** responses/system-id_limit1000.json: {"codes":[...]} of valid, distinct uids; limit capped at 10000. */
    @Test
    void systemIds() {
        JsonNode ids = api.getJson("/api/system/id?limit=1000");
        Fixtures.assertSameShape(Fixtures.json("responses/system-id_limit1000.json"), ids, "codes");
        Set<String> distinct = new HashSet<>();
        ids.get("codes").forEach(code -> {
            assertTrue(code.asText().matches("^[a-zA-Z][a-zA-Z0-9]{10}$"), code.asText());
            distinct.add(code.asText());
        });
        assertEquals(1000, distinct.size());
        assertEquals(10000, api.getJson("/api/system/id?limit=20000").get("codes").size());
        assertEquals(1, api.getJson("/api/system/id").get("codes").size());
    }

    /**
     * DHIS2's own export (responses/metadata-get-attributes_remote-test.json) is accepted as an import, and
     * GET /api/metadata gives back the attribute flags and option set that a provider reads.
     */
    @Test
    void metadataExportRoundTrip() {
        JsonNode fixture = Fixtures.json("responses/metadata-get-attributes_remote-test.json");
        assertEquals(200, api.post("/api/metadata", fixture.toString()).statusCode());
        JsonNode exported = api.getJson("/api/metadata?attributes=true&organisationUnitGroups=true&optionSets=true");
        assertTrue(exported.has("system"));
        assertEquals(fixture.get("attributes").size(), exported.get("attributes").size());
        for (int i = 0; i < fixture.get("attributes").size(); i++) {
            JsonNode expected = fixture.get("attributes").get(i);
            JsonNode actual = exported.get("attributes").get(i);
            for (String field : List.of("id", "name", "code", "valueType", "organisationUnitAttribute", "unique",
                    "mandatory")) {
                assertEquals(expected.get(field), actual.get(field), field + " of attribute " + i);
            }
            assertEquals(expected.at("/optionSet/id"), actual.at("/optionSet/id"));
        }
        JsonNode optionSet = api.getJson("/api/optionSets/ygK2FtJuHX6?fields=options[code]");
        assertEquals(List.of("val1", "val2"), optionSet.get("options").findValuesAsText("code"));
        assertEquals(2, exported.get("optionSets").size(), "the seeded set and the imported one");
        assertEquals("tMbbjys8mS6", exported.at("/organisationUnitGroups/0/id").asText());
        JsonNode groupFixture = Fixtures.json("responses/metadata-get-organisationUnitGroups.json");
        for (String field : List.of("id", "name", "shortName", "code", "organisationUnits")) {
            Fixtures.assertSameShape(groupFixture.at("/organisationUnitGroups/0/" + field),
                    exported.at("/organisationUnitGroups/0/" + field), field);
        }
        assertEquals(4, api.getJson("/api/organisationUnitLevels?fields=level,name").get("organisationUnitLevels")
                .size());
        assertEquals("National", api.getJson("/api/organisationUnitLevels?fields=level,name&filter=level:eq:1")
                .at("/organisationUnitLevels/0/name").asText());
        assertEquals(fixture.get("attributes").size(), api.getJson("/api/attributes").get("attributes").size());
        assertEquals(2, api.getJson("/api/optionSets").get("optionSets").size());
    }

    /** responses/locales-dbLocales.json: an array of {name, locale, id, displayName, ...}. */
    @Test
    void dbLocales() {
        JsonNode locales = api.getJson("/api/locales/dbLocales");
        JsonNode fixture = Fixtures.json("responses/locales-dbLocales.json").get(0);
        for (String field : List.of("name", "locale", "id", "displayName", "created", "translations")) {
            Fixtures.assertSameShape(fixture.get(field), locales.get(0).get(field), field);
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
