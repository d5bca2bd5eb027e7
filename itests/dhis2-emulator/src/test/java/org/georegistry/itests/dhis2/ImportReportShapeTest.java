package org.georegistry.itests.dhis2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The ImportReport envelopes of each release compared field by field with the captured DHIS2 answers. */
class ImportReportShapeTest {

    private static final String[] ERROR_FIELDS = {"message", "mainKlass", "errorCode", "errorKlass", "errorProperty",
        "errorProperties"};

    /**
     * errors/metadata-post-missing-openingdate_{2.36,2.37,2.38}.json: two units, the first without openingDate.
     * 2.36 answers a bare report with importParams, 2.37 a bare report with responseType, 2.38 a WebMessage with 409.
     */
    @ParameterizedTest
    @CsvSource({"2.36.11, 2.36, 200", "2.37.7, 2.37, 200", "2.38.4, 2.38, 409", "2.41.0, 2.38, 409"})
    void missingOpeningDateIsReportedInTheEnvelopeOfTheRelease(String version, String fixture, int httpStatus) {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version(version))) {
            ObjectNode first = TestApi.unit("ImspTQPwCqd", "Sierra Leone", null);
            first.remove("openingDate");
            HttpResponse<String> response = TestApi.admin(dhis2).postMetadata("",
                    TestApi.units(first, TestApi.unit("O6uvpzGd5pu", "Bo", "ImspTQPwCqd")));

            JsonNode expected = Fixtures.json("errors/metadata-post-missing-openingdate_" + fixture + ".json");
            JsonNode actual = TestApi.json(response);
            assertEquals(httpStatus, response.statusCode());
            Fixtures.assertSameShape(expected, actual, "body");
            JsonNode expectedReport = expected.has("response") ? expected.get("response") : expected;
            JsonNode actualReport = TestApi.report(response);
            assertEquals(expectedReport.get("stats"), actualReport.get("stats"));
            assertEquals(expectedReport.get("status"), actualReport.get("status"));
            JsonNode expectedObject = expectedReport.at("/typeReports/0/objectReports/0");
            JsonNode actualObject = actualReport.at("/typeReports/0/objectReports/0");
            assertEquals(expectedObject.get("uid"), actualObject.get("uid"));
            assertEquals(1, actualReport.at("/typeReports/0/objectReports").size(), "only the failing unit is reported");
            assertSameErrors(expectedObject.get("errorReports"), actualObject.get("errorReports"));
            if (expected.has("httpStatus")) {
                assertEquals(expected.get("status"), actual.get("status"));
                assertEquals(expected.get("message"), actual.get("message"));
            }
            assertEquals(0, dhis2.store().organisationUnitCount(), "atomicMode=ALL commits nothing");
        }
    }

    /** errors/metadata-post-duplicate-translations_E1106.json: each duplicated (property, locale) pair is one E1106. */
    @Test
    void duplicateTranslationsAreRejectedWithE1106() {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.39.1"))) {
            ObjectNode unit = TestApi.unit("ImspTQPwCqd", "Sierra Leone", null);
            var translations = unit.putArray("translations");
            for (String[] t : new String[][] {{"SHORT_NAME", "lo_LA"}, {"SHORT_NAME", "lo_LA"}, {"NAME", "lo_LA"},
                {"NAME", "lo_LA"}, {"NAME", "lo"}, {"NAME", "lo"}, {"NAME", "fr"}}) {
                translations.addObject().put("property", t[0]).put("locale", t[1]).put("value", "x");
            }
            HttpResponse<String> response = TestApi.admin(dhis2).postMetadata("", TestApi.units(unit));

            JsonNode expected = Fixtures.json("errors/metadata-post-duplicate-translations_E1106.json");
            assertEquals(409, response.statusCode());
            Fixtures.assertSameShape(expected, TestApi.json(response), "body");
            JsonNode actualReport = TestApi.report(response);
            assertEquals(expected.at("/response/stats"), actualReport.get("stats"));
            JsonNode expectedErrors = expected.at("/response/typeReports/0/objectReports/0/errorReports");
            JsonNode actualErrors = actualReport.at("/typeReports/0/objectReports/0/errorReports");
            assertEquals(expectedErrors.size(), actualErrors.size());
            for (int i = 0; i < expectedErrors.size(); i++) {
                for (String field : List.of("message", "mainKlass", "errorCode", "errorKlass", "errorProperties")) {
                    assertEquals(expectedErrors.get(i).get(field), actualErrors.get(i).get(field), field + " of " + i);
                }
            }
        }
    }

    /**
     * errors/metadata-post-update-nonexistent-E4000-E4002.json: with importStrategy=UPDATE, the object at index 1 has
     * a one-letter id and no openingDate and gets E4000 then E4002; the valid update at index 0 is ignored with it.
     */
    @Test
    void updateWithBadIdAndNoOpeningDateGivesE4000ThenE4002() {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.38.4"))) {
            TestApi api = TestApi.admin(dhis2);
            assertEquals(200, api.postMetadata("", TestApi.units(TestApi.unit("ImspTQPwCqd", "Sierra Leone", null)))
                    .statusCode());
            ObjectNode bad = TestApi.unit("X", "Bo", null);
            bad.remove("openingDate");
            HttpResponse<String> response = api.postMetadata("importStrategy=UPDATE",
                    TestApi.units(TestApi.unit("ImspTQPwCqd", "Sierra Leone renamed", null), bad));

            JsonNode expected = Fixtures.json("errors/metadata-post-update-nonexistent-E4000-E4002.json");
            assertEquals(409, response.statusCode());
            Fixtures.assertSameShape(expected, TestApi.json(response), "body");
            JsonNode expectedObject = expected.at("/response/typeReports/0/objectReports/0");
            JsonNode actualReport = TestApi.report(response);
            JsonNode actualObject = actualReport.at("/typeReports/0/objectReports/0");
            assertEquals(expectedObject.get("index"), actualObject.get("index"));
            assertSameErrors(expectedObject.get("errorReports"), actualObject.get("errorReports"));
            assertEquals("Sierra Leone", dhis2.store().organisationUnit("ImspTQPwCqd").orElseThrow().name());
        }
    }

    /** A successful import of 2.31 (responses/metadata-post-ok-orgunit-updated_2.31.json): status OK, no object reports. */
    @Test
    void successfulUpdateMatchesThe231Report() {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.31.9"))) {
            TestApi api = TestApi.admin(dhis2);
            api.postMetadata("", TestApi.units(TestApi.unit("ImspTQPwCqd", "Sierra Leone", null)));
            HttpResponse<String> response = api.postMetadata("",
                    TestApi.units(TestApi.unit("ImspTQPwCqd", "Sierra Leone 2", null)));

            JsonNode expected = Fixtures.json("responses/metadata-post-ok-orgunit-updated_2.31.json");
            JsonNode actual = TestApi.json(response);
            assertEquals(200, response.statusCode());
            Fixtures.assertSameShape(expected, actual, "body");
            assertEquals(expected.get("stats"), actual.get("stats"));
            assertEquals(expected.get("typeReports"), actual.get("typeReports"));
            assertFalse(actual.has("responseType"), "2.31 had no responseType");
        }
    }

    /** 2.38+: a clean import is a 200 WebMessage with status OK around the report. */
    @Test
    void successfulImportIsAnOkWebMessageFrom238() {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5"))) {
            HttpResponse<String> response = TestApi.admin(dhis2).postMetadata("",
                    TestApi.units(TestApi.unit("ImspTQPwCqd", "Sierra Leone", null)));
            JsonNode body = TestApi.json(response);
            assertEquals(200, response.statusCode());
            assertEquals("OK", body.get("httpStatus").asText());
            assertEquals("ImportReport", body.at("/response/responseType").asText());
            assertEquals(1, body.at("/response/stats/created").asInt());
            assertTrue(dhis2.store().organisationUnit("ImspTQPwCqd").isPresent());
        }
    }

    private static void assertSameErrors(JsonNode expected, JsonNode actual) {
        assertEquals(expected.size(), actual.size(), "number of error reports: " + actual);
        for (int i = 0; i < expected.size(); i++) {
            for (String field : ERROR_FIELDS) {
                assertEquals(expected.get(i).get(field), actual.get(i).get(field), field + " of error " + i);
            }
        }
    }
}
