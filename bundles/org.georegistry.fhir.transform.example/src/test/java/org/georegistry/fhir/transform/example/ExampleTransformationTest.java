package org.georegistry.fhir.transform.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.georegistry.api.fhir.FhirImportContext;
import org.georegistry.api.fhir.FhirLocation;
import org.georegistry.api.fhir.FhirResource;
import org.georegistry.api.model.GeoObjectChange;
import org.junit.jupiter.api.Test;

class ExampleTransformationTest {

    private final ExampleTransformation transformation = new ExampleTransformation();

    private static FhirLocation location(String json) {
        return new FhirLocation() {
            @Override public String resourceType() { return "Location"; }
            @Override public String id() { return "77"; }
            @Override public String json() { return json; }
            @Override public Optional<FhirResource> organization() { return Optional.empty(); }
        };
    }

    private static final FhirImportContext CONTEXT = new FhirImportContext() {
        @Override public String identifierSystem() { return "https://registry.example.org/code"; }
        @Override public String serverBase() { return "http://fhir.test/fhir"; }
        @Override public String hierarchy() { return "ADMIN"; }
        @Override public List<String> types() { return List.of("DISTRICT", "FACILITY"); }
        @Override public Map<String, Object> settings() { return Map.of(); }
    };

    @Test
    void readsItsOwnIdentifierSystemAndExtensions() {
        GeoObjectChange c = transformation.transform(location("""
            {"resourceType":"Location","name":"Kibera clinic",
             "identifier":[{"system":"https://registry.example.org/code","value":"ignored"},
                           {"system":"https://example.org/fhir/facility-code","value":"KIB-9"}],
             "extension":[{"url":"https://example.org/fhir/StructureDefinition/registry-type","valueCode":"FACILITY"},
                          {"url":"https://example.org/fhir/StructureDefinition/parent-code","valueString":"D-3"}]}"""),
                CONTEXT).get(0);
        assertEquals("FACILITY", c.typeCode());
        assertEquals("KIB-9", c.code());
        assertEquals("Kibera clinic", c.label().defaultValue());
        assertEquals("D-3", c.parentCode());
        assertEquals("ADMIN", c.hierarchy());
        assertEquals("77", c.externalId());
    }

    @Test
    void aLocationWithoutTheExtensionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> transformation.transform(location(
                "{\"resourceType\":\"Location\",\"identifier\":[{\"system\":\"https://example.org/fhir/facility-code\","
                        + "\"value\":\"A\"}]}"), CONTEXT));
    }
}
