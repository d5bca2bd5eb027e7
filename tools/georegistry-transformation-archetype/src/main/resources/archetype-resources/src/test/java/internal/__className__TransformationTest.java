package ${package}.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.georegistry.api.fhir.FhirImportContext;
import org.georegistry.api.fhir.FhirLocation;
import org.georegistry.api.fhir.FhirResource;
import org.georegistry.api.model.GeoObjectChange;
import org.junit.jupiter.api.Test;

/** The transformation on Locations as a FHIR server sends them. */
class ${className}TransformationTest {

    private static final String SYSTEM = "https://registry.example.org/code";
    private static final String DISTRICT = "{\"resourceType\":\"Location\",\"id\":\"loc-7\",\"name\":\"Bo\","
            + "\"identifier\":[{\"system\":\"urn:other\",\"value\":\"x\"},{\"system\":\"" + SYSTEM + "\",\"value\":\"BO\"}],"
            + "\"type\":[{\"coding\":[{\"system\":\"urn:types\",\"code\":\"jdn\"}]}],"
            + "\"position\":{\"longitude\":-11.74,\"latitude\":7.96},"
            + "\"partOf\":{\"reference\":\"Location/loc-1\"}}";

    private final ${className}Transformation transformation = new ${className}Transformation();

    @Test
    void aLocationBecomesOneChangeWithCodeTypeLabelPointAndParent() {
        List<GeoObjectChange> changes = transformation.transform(location("loc-7", DISTRICT),
                context(List.of("province", "district"), Map.of("typeMap", Map.of("jdn", "district"))));
        assertEquals(1, changes.size());
        GeoObjectChange c = changes.get(0);
        assertEquals("district", c.typeCode());
        assertEquals("BO", c.code());
        assertEquals("Bo", c.label().defaultValue());
        assertEquals("{\"type\":\"Point\",\"coordinates\":[-11.74,7.96]}", c.geometry());
        assertEquals("admin", c.hierarchy());
        assertEquals("loc-1", c.parentExternalId());
        assertEquals("loc-7", c.externalId());
    }

    @Test
    void withoutATypeMapTheHierarchysOnlyTypeIsUsed() {
        String root = "{\"resourceType\":\"Location\",\"id\":\"loc-1\",\"identifier\":[{\"system\":\"" + SYSTEM
                + "\",\"value\":\"SL\"}]}";
        GeoObjectChange c = transformation.transform(location("loc-1", root), context(List.of("country"), Map.of())).get(0);
        assertEquals("country", c.typeCode());
        assertEquals("SL", c.label().defaultValue(), "the code when there is no name");
        assertNull(c.geometry());
        assertNull(c.parentExternalId());
    }

    @Test
    void unreadableLocationsAreRefusedWithAMessageThatSaysWhatToFix() {
        FhirImportContext twoTypes = context(List.of("province", "district"), Map.of());
        IllegalArgumentException noMap = assertThrows(IllegalArgumentException.class,
                () -> transformation.transform(location("loc-7", DISTRICT), twoTypes));
        assertTrue(noMap.getMessage().contains("transformationSettings.typeMap"), noMap.getMessage());

        FhirImportContext mapped = context(List.of("district"), Map.of("typeMap", Map.of("jdn", "district")));
        String noCode = DISTRICT.replace(SYSTEM, "urn:elsewhere");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> transformation.transform(location("loc-7", noCode), mapped));
        assertTrue(missing.getMessage().startsWith("Location/loc-7 has no identifier of system " + SYSTEM));

        assertThrows(IllegalArgumentException.class, () -> transformation.transform(location("loc-8", "{not json"), mapped));
    }

    static FhirLocation location(String id, String json) {
        return new FhirLocation() {
            @Override public String resourceType() { return "Location"; }
            @Override public String id() { return id; }
            @Override public String json() { return json; }
            @Override public Optional<FhirResource> organization() { return Optional.empty(); }
        };
    }

    static FhirImportContext context(List<String> types, Map<String, Object> settings) {
        return new FhirImportContext() {
            @Override public String identifierSystem() { return SYSTEM; }
            @Override public String serverBase() { return "http://fhir.example.org/fhir"; }
            @Override public String hierarchy() { return "admin"; }
            @Override public List<String> types() { return types; }
            @Override public Map<String, Object> settings() { return settings; }
        };
    }
}
