package org.georegistry.sync.dhis2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.LocalizedText;
import org.junit.jupiter.api.Test;

class OrgUnitMapperTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ExportConfig.Level LEVEL = new ExportConfig.Level("facility", ExportConfig.SyncType.ALL,
            List.of(), List.of(new ExportConfig.Mapping("beds", "attribute:l1VmqIHKk6t"),
                    new ExportConfig.Mapping("code", "description")), 0);

    private static GeoObject facility(String geometry) {
        return new GeoObject("facility", "F1", new LocalizedText(Map.of("en", "Ngelehun CHC", "fr", "CS Ngelehun")),
                geometry, Map.of("beds", 12L), List.of(), LocalDate.of(1994, 1, 1), LocalDate.of(2024, 6, 30),
                Instant.EPOCH, Map.of());
    }

    private static OrgUnitMapper.Mapped map(String version, boolean geometry, GeoObject object) {
        ExportConfig config = new ExportConfig("ADMIN", List.of(LEVEL), "fr", geometry, false);
        Map<String, Dhis2Catalog.Attribute> attributes = Map.of("l1VmqIHKk6t",
                new Dhis2Catalog.Attribute("l1VmqIHKk6t", null, "Beds", "INTEGER_POSITIVE", null, "INTEGER"));
        return new OrgUnitMapper(MAPPER, Dhis2Version.parse(version), config, attributes, List.of("en", "fr", "pt"))
                .map(object, LEVEL, "DiszpKrYNg8", "O6uvpzGd5pu");
    }

    @Test
    void buildsACompleteUnitInThePreferredLocaleWithTranslations() {
        ObjectNode unit = map("2.40.5", true, facility("{\"type\":\"MultiPoint\",\"coordinates\":[[1.5,8.2]]}")).unit();
        assertEquals("CS Ngelehun", unit.path("name").asText());
        assertEquals("F1", unit.path("code").asText());
        assertEquals("F1", unit.path("description").asText());
        assertEquals("1994-01-01T00:00:00.000", unit.path("openingDate").asText());
        assertEquals("2024-06-30T00:00:00.000", unit.path("closedDate").asText());
        assertEquals("O6uvpzGd5pu", unit.path("parent").path("id").asText());
        assertEquals("12", unit.path("attributeValues").get(0).path("value").asText());
        assertEquals("l1VmqIHKk6t", unit.path("attributeValues").get(0).path("attribute").path("id").asText());
        assertEquals("Point", unit.path("geometry").path("type").asText());
        assertEquals(4, unit.path("translations").size());
    }

    @Test
    void release231GetsFeatureTypeAndCoordinatesAndGeometryCanBeLeftOut() {
        String polygon = "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0],[0,1],[1,1],[0,0]]]]}";
        ObjectNode unit = map("2.31.9", true, facility(polygon)).unit();
        assertEquals("MULTI_POLYGON", unit.path("featureType").asText());
        assertEquals("[[[[0,0],[0,1],[1,1],[0,0]]]]", unit.path("coordinates").asText());
        assertTrue(unit.path("geometry").isMissingNode());
        ObjectNode without = map("2.40.5", false, facility(polygon)).unit();
        assertTrue(without.path("geometry").isMissingNode() && without.path("featureType").isMissingNode());
    }

    @Test
    void longShortNamesAreCutWithAWarningAndLinesAreRefused() {
        GeoObject longName = new GeoObject("facility", "F2", LocalizedText.of("N".repeat(80)), null, Map.of(), List.of(),
                LocalDate.of(2000, 1, 1), null, Instant.EPOCH, Map.of());
        OrgUnitMapper.Mapped mapped = map("2.40.5", true, longName);
        assertEquals(50, mapped.unit().path("shortName").asText().length());
        assertEquals(80, mapped.unit().path("name").asText().length());
        assertEquals("SHORT_NAME_TRUNCATED", mapped.problems().get(0).code());

        OrgUnitMapper.Mapped line = map("2.40.5", true, facility("{\"type\":\"LineString\",\"coordinates\":[[0,0],[1,1]]}"));
        assertNull(line.unit());
        assertEquals("UNSUPPORTED_GEOMETRY", line.problems().get(0).code());
    }
}
