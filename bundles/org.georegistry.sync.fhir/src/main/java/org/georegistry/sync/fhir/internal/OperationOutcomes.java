package org.georegistry.sync.fhir.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the messages of an OperationOutcome, the FHIR way of explaining an error. */
final class OperationOutcomes {

    private OperationOutcomes() {}

    /** ": first diagnostics; second ..." for an OperationOutcome body, else empty. */
    static String summary(ObjectMapper mapper, String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : mapper.readTree(body);
            List<String> messages = messages(node);
            return messages.isEmpty() ? "" : ": " + String.join("; ", messages);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The error and fatal issues' texts of an OperationOutcome node (diagnostics, else details.text). */
    static List<String> messages(JsonNode outcome) {
        List<String> out = new ArrayList<>();
        if (outcome == null || !"OperationOutcome".equals(outcome.path("resourceType").asText())) {
            return out;
        }
        for (JsonNode issue : outcome.path("issue")) {
            String severity = issue.path("severity").asText("error");
            if (!severity.equals("error") && !severity.equals("fatal")) {
                continue;
            }
            String text = issue.path("diagnostics").asText(issue.path("details").path("text").asText(""));
            if (!text.isBlank()) {
                out.add(text.length() > 500 ? text.substring(0, 500) + "..." : text);
            }
        }
        return out;
    }
}
