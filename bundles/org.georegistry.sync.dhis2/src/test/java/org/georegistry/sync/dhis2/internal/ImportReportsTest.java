package org.georegistry.sync.dhis2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Real ImportReports of DHIS2 2.36, 2.37 and 2.38+ (shared fixtures) read the same way. */
class ImportReportsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode fixture(String name) throws IOException {
        String dir = System.getProperty("fixtures.dir");
        assertNotNull(dir, "fixtures.dir is set by surefire");
        return MAPPER.readTree(Path.of(dir, "dhis2", "errors", name).toFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.36", "2.37", "2.38"})
    void everyEnvelopeGivesTheSameObjectErrors(String version) throws IOException {
        ImportReports.Outcome outcome = ImportReports.read(fixture("metadata-post-missing-openingdate_" + version + ".json"));
        assertNotNull(outcome);
        assertEquals("ERROR", outcome.status());
        assertEquals(0, outcome.committed());
        assertEquals(2, outcome.ignored());
        ImportReports.ObjectReport report = outcome.object(0, "ImspTQPwCqd");
        assertEquals("E4000", report.errors().get(0).path("errorCode").asText());
        assertEquals("Missing required property `openingDate`.", report.errors().get(0).path("message").asText());
        assertNull(outcome.object(1, "other00000a"));
    }

    @Test
    void objectsWithoutUidAreMatchedByIndexAndEveryErrorIsKept() throws IOException {
        ImportReports.Outcome translations = ImportReports.read(fixture("metadata-post-duplicate-translations_E1106.json"));
        assertEquals(3, translations.object(0, "abcdefghijk").errors().size());
        assertNull(translations.object(1, "abcdefghijk"));
        ImportReports.Outcome two = ImportReports.read(fixture("metadata-post-update-nonexistent-E4000-E4002.json"));
        assertEquals(2, two.object(1, "ImspTQPwCqd").errors().size());
        assertEquals("E4002", two.object(1, "ImspTQPwCqd").errors().get(1).path("errorCode").asText());
    }

    @Test
    void otherJsonIsNoReport() throws IOException {
        assertNull(ImportReports.read(MAPPER.readTree("{\"httpStatus\":\"Internal Server Error\",\"message\":\"x\"}")));
    }
}
