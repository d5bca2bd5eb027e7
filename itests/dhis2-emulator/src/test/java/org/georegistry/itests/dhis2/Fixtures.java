package org.georegistry.itests.dhis2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/** The real DHIS2 payloads of itests/fixtures/dhis2 (copied from the project's shared fixtures), located through the fixtures.dir property set by surefire. */
final class Fixtures {
    private Fixtures() {
    }

    static Path dhis2(String relative) {
        String dir = System.getProperty("fixtures.dir");
        assertNotNull(dir, "system property fixtures.dir is not set: run the tests through Maven (surefire sets it)");
        Path file = Path.of(dir, "dhis2", relative);
        assertTrue(Files.isRegularFile(file), "DHIS2 fixture missing: " + file.toAbsolutePath().normalize()
                + " (expected itests/fixtures beside the module)");
        return file;
    }

    static String text(String relative) {
        try {
            return Files.readString(dhis2(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String relative) {
        try {
            return Json.MAPPER.readTree(dhis2(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts that every field of the fixture exists in the actual JSON with the same kind of node (object, array,
     * number, text, boolean): a client that parses the fixture parses the emulator's answer. Arrays compare their
     * first elements.
     */
    static void assertSameShape(JsonNode fixture, JsonNode actual, String where) {
        assertNotNull(actual, "missing " + where);
        assertEquals(kind(fixture), kind(actual), "kind of " + where);
        if (fixture.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = fixture.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                assertSameShape(field.getValue(), actual.get(field.getKey()), where + "." + field.getKey());
            }
        } else if (fixture.isArray() && !fixture.isEmpty()) {
            assertTrue(!actual.isEmpty(), where + " is empty, the fixture's is not");
            assertSameShape(fixture.get(0), actual.get(0), where + "[0]");
        }
    }

    private static String kind(JsonNode node) {
        return node.isNumber() ? "number" : node.getNodeType().name();
    }
}
