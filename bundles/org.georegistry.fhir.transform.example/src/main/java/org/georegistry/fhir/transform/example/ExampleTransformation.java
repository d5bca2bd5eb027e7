package org.georegistry.fhir.transform.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.georegistry.api.fhir.FhirImportContext;
import org.georegistry.api.fhir.FhirImportTransformation;
import org.georegistry.api.fhir.FhirLocation;
import org.georegistry.api.model.GeoObjectChange;
import org.georegistry.api.model.LocalizedText;
import org.osgi.service.component.annotations.Component;

/**
 * An example of a FHIR import transformation, to copy when writing your own. It reads Locations of a source that
 * does not follow mCSD:
 * <ul>
 * <li>the code is the identifier of system {@value #CODE_SYSTEM} (not the external system's own system);
 * <li>the Geo-Object Type is in the extension {@value #TYPE_EXTENSION} ({@code valueCode});
 * <li>the parent is named by its code in the extension {@value #PARENT_EXTENSION} ({@code valueString});
 * <li>the label is the name.
 * </ul>
 * A transformation only turns JSON into {@link GeoObjectChange}s: the registry checks and stores them, and reports
 * an exception thrown here against the Location that caused it.
 */
@Component(property = FhirImportTransformation.ID_PROPERTY + "=" + ExampleTransformation.ID)
public final class ExampleTransformation implements FhirImportTransformation {

    static final String ID = "example";
    static final String CODE_SYSTEM = "https://example.org/fhir/facility-code";
    static final String TYPE_EXTENSION = "https://example.org/fhir/StructureDefinition/registry-type";
    static final String PARENT_EXTENSION = "https://example.org/fhir/StructureDefinition/parent-code";

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String label() {
        return "Example: codes of " + CODE_SYSTEM + ", type and parent from extensions";
    }

    @Override
    public List<GeoObjectChange> transform(FhirLocation location, FhirImportContext context) {
        JsonNode json;
        try {
            json = mapper.readTree(location.json());
        } catch (IOException e) {
            throw new IllegalArgumentException("Location/" + location.id() + " is not valid JSON");
        }
        String code = null;
        for (JsonNode identifier : json.path("identifier")) {
            if (CODE_SYSTEM.equals(identifier.path("system").asText())) {
                code = identifier.path("value").asText();
            }
        }
        String type = extension(json, TYPE_EXTENSION, "valueCode");
        if (code == null || type == null) {
            throw new IllegalArgumentException("Location/" + location.id() + " needs an identifier of " + CODE_SYSTEM
                    + " and the extension " + TYPE_EXTENSION);
        }
        GeoObjectChange change = GeoObjectChange.of(type, code)
                .withLabel(LocalizedText.of(json.path("name").asText(code)))
                .withExternalId(location.id());
        String parent = extension(json, PARENT_EXTENSION, "valueString");
        return List.of(parent == null ? change : change.withParentCode(context.hierarchy(), parent));
    }

    private static String extension(JsonNode json, String url, String valueField) {
        for (JsonNode extension : json.path("extension")) {
            if (url.equals(extension.path("url").asText()) && extension.path(valueField).isTextual()) {
                return extension.path(valueField).asText();
            }
        }
        return null;
    }
}
