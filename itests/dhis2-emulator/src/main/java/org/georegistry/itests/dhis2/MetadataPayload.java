package org.georegistry.itests.dhis2;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The objects of a metadata payload, read with Jackson's streaming parser one object at a time: a 10 MB body is never
 * held as one string or one tree. Types the emulator does not model (dataElements, categories, ...) are skipped.
 */
final class MetadataPayload {
    static final String ORG_UNITS = "organisationUnits";
    static final String GROUPS = "organisationUnitGroups";
    static final String LEVELS = "organisationUnitLevels";
    static final String ATTRIBUTES = "attributes";
    static final String OPTION_SETS = "optionSets";
    static final String OPTIONS = "options";
    private static final Set<String> TYPES = Set.of(ORG_UNITS, GROUPS, LEVELS, ATTRIBUTES, OPTION_SETS, OPTIONS);

    private final Map<String, List<ObjectNode>> objects;

    private MetadataPayload(Map<String, List<ObjectNode>> objects) {
        this.objects = objects;
    }

    List<ObjectNode> get(String type) {
        return objects.getOrDefault(type, List.of());
    }

    boolean has(String type) {
        return objects.containsKey(type);
    }

    /** @throws BadRequestException for JSON DHIS2 could not read either; IO failures (and body limits) pass through */
    static MetadataPayload read(InputStream in) throws IOException {
        Map<String, List<ObjectNode>> objects = new HashMap<>();
        try (JsonParser parser = Json.MAPPER.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRequestException("JSON parse error: a metadata payload is a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if (TYPES.contains(name) && token == JsonToken.START_ARRAY) {
                    List<ObjectNode> list = objects.computeIfAbsent(name, k -> new ArrayList<>());
                    for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                        if (t == JsonToken.START_OBJECT) {
                            list.add(parser.readValueAsTree());
                        } else {
                            parser.skipChildren();
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw new BadRequestException("JSON parse error: " + e.getOriginalMessage());
        }
        return new MetadataPayload(objects);
    }
}
