package ${package}.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.georegistry.api.fhir.FhirImportContext;
import org.georegistry.api.fhir.FhirImportTransformation;
import org.georegistry.api.fhir.FhirLocation;
import org.georegistry.api.model.GeoObjectChange;
import org.georegistry.api.model.LocalizedText;
import org.osgi.service.component.annotations.Component;

/**
 * The '${transformationId}' FHIR import transformation: one Location becomes one Geo-Object.
 * <ul>
 * <li>code: the Location's identifier of the external system's identifier system;
 * <li>type: the first {@code type} coding mapped by the configuration's {@code transformationSettings.typeMap}
 *     (e.g. {@code {"typeMap": {"jdn": "district", "prov": "province"}}}), or the hierarchy's only type;
 * <li>label: {@code name}; geometry: {@code position} as a GeoJSON Point;
 * <li>parent: the Location {@code partOf} points at, by its id on the server (its external id, since the import
 *     stores each Location's id with the Geo-Object it made, parents first).
 * </ul>
 * Change the reading to your source's profile; the registry checks and stores what this answers, and reports an
 * {@link IllegalArgumentException} thrown here against the Location that caused it.
 */
@Component(property = FhirImportTransformation.ID_PROPERTY + "=" + ${className}Transformation.ID)
public final class ${className}Transformation implements FhirImportTransformation {

    static final String ID = "${transformationId}";
    static final String TYPE_MAP = "typeMap";

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String label() {
        return "${transformationLabel}";
    }

    @Override
    public List<GeoObjectChange> transform(FhirLocation location, FhirImportContext context) {
        JsonNode json = parse(location);
        String where = "Location/" + location.id();
        String code = identifier(json, context.identifierSystem());
        if (code == null) {
            throw new IllegalArgumentException(where + " has no identifier of system " + context.identifierSystem());
        }
        GeoObjectChange change = GeoObjectChange.of(type(json, context, where), code)
                .withLabel(LocalizedText.of(json.path("name").asText(code)))
                .withExternalId(location.id());
        JsonNode position = json.path("position");
        if (position.path("longitude").isNumber() && position.path("latitude").isNumber()) {
            change = change.withGeometry("{\"type\":\"Point\",\"coordinates\":[" + position.path("longitude").asText()
                    + "," + position.path("latitude").asText() + "]}");
        }
        String partOf = json.path("partOf").path("reference").asText("");
        if (partOf.startsWith("Location/")) {
            change = change.withParentExternalId(context.hierarchy(), partOf.substring("Location/".length()));
        }
        return List.of(change);
    }

    private JsonNode parse(FhirLocation location) {
        try {
            return mapper.readTree(location.json());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Location/" + location.id() + " is not valid JSON");
        }
    }

    private static String identifier(JsonNode json, String system) {
        for (JsonNode identifier : json.path("identifier")) {
            if (system.equals(identifier.path("system").asText()) && identifier.path("value").isTextual()) {
                return identifier.path("value").asText();
            }
        }
        return null;
    }

    /** The Geo-Object Type: the type map's entry for the first mapped coding, else the hierarchy's only type. */
    private static String type(JsonNode json, FhirImportContext context, String where) {
        if (context.settings().get(TYPE_MAP) instanceof Map<?, ?> map) {
            for (JsonNode concept : json.path("type")) {
                for (JsonNode coding : concept.path("coding")) {
                    Object type = map.get(coding.path("code").asText());
                    if (type != null) {
                        return type.toString();
                    }
                }
            }
            throw new IllegalArgumentException(where + " has no type coding in transformationSettings." + TYPE_MAP);
        }
        if (context.types().size() == 1) {
            return context.types().get(0);
        }
        throw new IllegalArgumentException("Set transformationSettings." + TYPE_MAP
                + " to tell which Location type coding is which of the types " + context.types());
    }
}
