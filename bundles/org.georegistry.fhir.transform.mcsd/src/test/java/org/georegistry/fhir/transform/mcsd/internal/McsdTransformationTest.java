package org.georegistry.fhir.transform.mcsd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.georegistry.api.fhir.FhirImportContext;
import org.georegistry.api.fhir.FhirLocation;
import org.georegistry.api.fhir.FhirResource;
import org.georegistry.api.model.GeoObjectChange;
import org.junit.jupiter.api.Test;

class McsdTransformationTest {

    private static final String SYSTEM = "https://registry.example.org/code";
    private final McsdTransformation transformation = new McsdTransformation();

    static FhirLocation location(String id, String json, String orgJson) {
        return new FhirLocation() {
            @Override public String resourceType() { return "Location"; }
            @Override public String id() { return id; }
            @Override public String json() { return json; }
            @Override public Optional<FhirResource> organization() {
                return orgJson == null ? Optional.empty() : Optional.of(new FhirResource() {
                    @Override public String resourceType() { return "Organization"; }
                    @Override public String id() { return "org-" + id; }
                    @Override public String json() { return orgJson; }
                });
            }
        };
    }

    static FhirImportContext context(String system, Map<String, Object> settings) {
        return new FhirImportContext() {
            @Override public String identifierSystem() { return system; }
            @Override public String serverBase() { return "http://fhir.test/fhir"; }
            @Override public String hierarchy() { return "ADMIN"; }
            @Override public List<String> types() { return List.of("COUNTRY", "PROVINCE", "FACILITY"); }
            @Override public Map<String, Object> settings() { return settings; }
        };
    }

    @Test
    void aLocationAsTheProviderExportsItComesBackWhole() {
        String json = """
            {"resourceType":"Location","id":"41","meta":{"lastUpdated":"2026-03-04T10:00:00.000+00:00"},
             "extension":[{"url":"http://hl7.org/fhir/StructureDefinition/location-boundary-geojson",
               "valueAttachment":{"contentType":"application/geo+json",
               "data":"eyJ0eXBlIjoiUG9seWdvbiIsImNvb3JkaW5hdGVzIjpbW1swLDBdLFsxLDBdLFsxLDFdLFswLDBdXV19"}},
              {"url":"https://registry.example.org/fhir/beds","valueInteger":12}],
             "identifier":[{"use":"official","system":"https://registry.example.org/code","value":"P-01"}],
             "status":"inactive","name":"North","_name":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/translation",
               "extension":[{"url":"lang","valueCode":"fr-FR"},{"url":"content","valueString":"Nord"}]}]},
             "type":[{"coding":[{"system":"https://profiles.ihe.net/ITI/mCSD/CodeSystem/IHE.mCSD.Organization.Location.Types","code":"jurisdiction"},
                                {"system":"https://registry.example.org/code","code":"PROVINCE"}]}],
             "partOf":{"reference":"Location/7"}}""";
        List<GeoObjectChange> changes = transformation.transform(location("41", json, null), context(SYSTEM,
                Map.of("extensions", Map.of("https://registry.example.org/fhir/beds", "beds"))));
        GeoObjectChange c = changes.get(0);
        assertEquals("PROVINCE", c.typeCode());
        assertEquals("P-01", c.code());
        assertEquals("North", c.label().defaultValue());
        assertEquals("Nord", c.label().values().get("fr_FR"));
        assertEquals("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}", c.geometry());
        assertEquals("41", c.externalId());
        assertEquals("7", c.parentExternalId());
        assertEquals("ADMIN", c.hierarchy());
        assertEquals(LocalDate.of(2026, 3, 4), c.validTo());
        assertEquals(12L, c.attributes().get("beds"));
    }

    /** fixtures/fhir/Location-mCSD-jurisdiction.json: a Location as GeoPrism Registry exports it (system "localhost"). */
    @Test
    void aGeoPrismLocationWithItsOrganizationIsRead() throws Exception {
        Path fixtures = Path.of(System.getProperty("fixtures.dir", "../../itests/fixtures"), "fhir");
        String loc = Files.readString(fixtures.resolve("Location-mCSD-jurisdiction.json"));
        String org = Files.readString(fixtures.resolve("Organization-mCSD-hierarchy-extension.json"));
        GeoObjectChange c = transformation.transform(location("USATestDataHsTwo", loc, org), context("localhost",
                Map.of("typeMap", Map.of("USATestDataHealthStop", "FACILITY")))).get(0);
        assertEquals("FACILITY", c.typeCode());
        assertEquals("USATestDataHsTwo", c.code());
        assertEquals("USATestDataHsTwo ZZZZZZZ", c.label().defaultValue());
        assertTrue(c.geometry().startsWith("{\"type\":\"MultiPolygon\""), c.geometry());
        assertNull(c.parentExternalId(), "the fixture's Location has no partOf");
    }

    @Test
    void aLocationWithoutTheSystemsIdentifierIsRefusedWithAReason() {
        String json = "{\"resourceType\":\"Location\",\"id\":\"9\",\"name\":\"X\",\"identifier\":[{\"system\":"
                + "\"urn:other\",\"value\":\"X\"}]}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> transformation.transform(location("9", json, null), context(SYSTEM, Map.of())));
        assertEquals("Location/9 has no identifier of system " + SYSTEM, e.getMessage());
    }

    @Test
    void aPositionBecomesAPointAndADefaultTypeApplies() {
        String json = "{\"resourceType\":\"Location\",\"id\":\"5\",\"name\":\"Clinic\",\"identifier\":[{\"system\":\""
                + SYSTEM + "\",\"value\":\"F-1\"}],\"position\":{\"longitude\":36.8,\"latitude\":-1.28}}";
        GeoObjectChange c = transformation.transform(location("5", json, null), context(SYSTEM,
                Map.of("defaultType", "FACILITY"))).get(0);
        assertEquals("FACILITY", c.typeCode());
        assertEquals("{\"type\":\"Point\",\"coordinates\":[36.8,-1.28]}", c.geometry());
        assertNull(c.validTo());
    }
}
