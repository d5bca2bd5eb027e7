package org.georegistry.itests.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The one ObjectMapper of the emulators and the node helpers they share. An emulator's own {@code Json} class
 * extends it, so that {@code Json.MAPPER} and {@code Json.text(...)} read the same everywhere.
 */
public class EmulatorJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    protected EmulatorJson() {
    }

    /** Text of a field, or null when missing, null, a container or empty. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText();
        return text.isEmpty() ? null : text;
    }
}
