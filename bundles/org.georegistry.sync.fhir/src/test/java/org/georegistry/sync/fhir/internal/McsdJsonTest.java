package org.georegistry.sync.fhir.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.sync.Settings;
import org.junit.jupiter.api.Test;

/** The fast writer says exactly what HAPI's own JSON encoder says about every resource the mapper builds. */
class McsdJsonTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyMappedResourceEncodesAsHapiEncodesIt() throws Exception {
        ConfigSettings config = ConfigSettings.read(Settings.of(Map.of("hierarchy", TestJob.HIERARCHY, "attributes",
                List.of(Map.of("attribute", "beds", "extension", "https://x.org/beds"),
                        Map.of("attribute", "ratio", "extension", "https://x.org/ratio"),
                        Map.of("attribute", "opened", "extension", "https://x.org/opened"),
                        Map.of("attribute", "public", "extension", "https://x.org/public"),
                        Map.of("attribute", "note", "extension", "https://x.org/note"),
                        Map.of("attribute", "dhisId", "identifierSystem", "https://dhis2.org/uid")))), json).config();
        McsdMapper mapper = new McsdMapper(json, "https://registry.example.org/code", "https://fhir.example.org/fhir",
                config, LocalDate.of(2026, 1, 1));
        IParser hapi = FhirContext.forR4Cached().newJsonParser();
        TestJob job = SampleHierarchy.fill(new TestJob(Settings.empty(), Settings.empty(), SampleHierarchy.TYPES), 1, 2);
        job.put(SampleHierarchy.object("FACILITY", "ALL-TYPES", Map.of("default", "All", "pt_BR", "Todos"), "DISTRICT",
                "KE-P1-D1", "{\"type\":\"Point\",\"coordinates\":[36.123456789,-1.5]}", null, Map.of("beds", 5_000_000_000L,
                        "ratio", 0.25, "opened", LocalDate.of(2019, 5, 1), "public", true, "note", "text")));
        int compared = 0;
        for (GeoObject object : job.objects.values()) {
            McsdMapper.Pair pair = mapper.map(object, ConfigSettings.Kind.JURISDICTION, "42", "urn:uuid:org",
                    new McsdMapper.ParentRefs("Location/1", "Organization?identifier=a|b"));
            assertEquals(json.readTree(hapi.encodeResourceToString(pair.organization())), fast(g -> McsdJson.write(g,
                    pair.organization())), object.code());
            assertEquals(json.readTree(hapi.encodeResourceToString(pair.location())), fast(g -> McsdJson.write(g,
                    pair.location())), object.code());
            compared += 2;
        }
        assertEquals(job.objects.size() * 2, compared);
    }

    private interface Writing {
        void write(JsonGenerator out) throws Exception;
    }

    private JsonNode fast(Writing writing) throws Exception {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = json.getFactory().createGenerator(text)) {
            writing.write(out);
        }
        return json.readTree(text.toString());
    }
}
