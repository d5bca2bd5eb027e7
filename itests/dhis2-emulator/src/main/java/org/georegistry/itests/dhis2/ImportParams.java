package org.georegistry.itests.dhis2;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;

/** The query parameters of POST /api/metadata that the emulator honours, with DHIS2's defaults. */
record ImportParams(String importMode, String identifier, String importReportMode, String importStrategy,
        String atomicMode, String username) {

    static ImportParams from(Map<String, String> query, String username) {
        return new ImportParams(
                option(query, "importMode", "COMMIT", "COMMIT", "VALIDATE"),
                option(query, "identifier", "UID", "UID", "CODE", "AUTO"),
                option(query, "importReportMode", "ERRORS", "ERRORS", "FULL", "DEBUG"),
                option(query, "importStrategy", "CREATE_AND_UPDATE", "CREATE_AND_UPDATE", "CREATE", "UPDATE", "DELETE"),
                option(query, "atomicMode", "ALL", "ALL", "NONE"),
                username);
    }

    static ImportParams defaults(String username) {
        return from(Map.of(), username);
    }

    private static String option(Map<String, String> query, String name, String fallback, String... allowed) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        String upper = value.toUpperCase(Locale.ROOT);
        // NEW, NEW_AND_UPDATES and UPDATES are the older spellings DHIS2 still maps onto the current strategies
        switch (upper) {
            case "NEW_AND_UPDATES" -> upper = "CREATE_AND_UPDATE";
            case "NEW" -> upper = "CREATE";
            case "UPDATES" -> upper = "UPDATE";
            default -> { }
        }
        for (String candidate : allowed) {
            if (candidate.equals(upper)) {
                return upper;
            }
        }
        throw new BadRequestException("Value '" + value + "' is not valid for parameter " + name);
    }

    boolean commit() {
        return importMode.equals("COMMIT");
    }

    boolean atomic() {
        return atomicMode.equals("ALL");
    }

    boolean fullReport() {
        return !importReportMode.equals("ERRORS");
    }

    boolean matchesUid() {
        return !identifier.equals("CODE");
    }

    boolean matchesCode() {
        return !identifier.equals("UID");
    }

    /** The importParams block that reports of 2.36 and older carry (errors/metadata-post-missing-openingdate_2.36.json). */
    ObjectNode toJson() {
        ObjectNode node = Json.NODES.objectNode();
        node.put("userOverrideMode", "NONE");
        node.put("importMode", importMode);
        node.put("identifier", identifier);
        node.put("preheatMode", "REFERENCE");
        node.put("importStrategy", importStrategy);
        node.put("atomicMode", atomicMode);
        node.put("mergeMode", "REPLACE");
        node.put("flushMode", "AUTO");
        node.put("skipSharing", false);
        node.put("skipTranslation", false);
        node.put("skipValidation", false);
        node.put("metadataSyncImport", false);
        node.put("firstRowIsHeader", true);
        node.put("username", username);
        return node;
    }
}
