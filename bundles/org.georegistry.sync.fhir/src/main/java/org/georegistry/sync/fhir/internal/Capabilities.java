package org.georegistry.sync.fhir.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.georegistry.api.sync.ConnectionTestResult;

/**
 * What a server's CapabilityStatement ({@code GET [base]/metadata}) says about what the provider needs: FHIR R4
 * (4.0.x), transactions, and conditional update of Location and Organization.
 */
record Capabilities(String fhirVersion, boolean transactions, boolean conditionalUpdate, String software) {

    static Capabilities read(JsonNode statement) throws FhirException {
        if (!"CapabilityStatement".equals(statement.path("resourceType").asText())) {
            throw new FhirException(FhirException.Kind.NOT_FHIR, "metadata did not answer a CapabilityStatement but "
                    + (statement.has("resourceType") ? statement.path("resourceType").asText() : "other JSON")
                    + ": is the URL the base of a FHIR server?");
        }
        boolean transactions = false;
        boolean location = false;
        boolean organization = false;
        for (JsonNode rest : statement.path("rest")) {
            for (JsonNode interaction : rest.path("interaction")) {
                transactions |= "transaction".equals(interaction.path("code").asText());
            }
            for (JsonNode resource : rest.path("resource")) {
                boolean conditional = resource.path("conditionalUpdate").asBoolean(false);
                location |= conditional && "Location".equals(resource.path("type").asText());
                organization |= conditional && "Organization".equals(resource.path("type").asText());
            }
        }
        String software = (statement.path("software").path("name").asText("") + " "
                + statement.path("software").path("version").asText("")).trim();
        return new Capabilities(statement.path("fhirVersion").asText(""), transactions, location && organization,
                software);
    }

    boolean r4() {
        return fhirVersion.startsWith("4.0.");
    }

    /** The FHIR release a version number belongs to, for messages. */
    String release() {
        if (r4()) {
            return "R4";
        }
        if (fhirVersion.startsWith("4.3")) {
            return "R4B";
        }
        if (fhirVersion.startsWith("5.")) {
            return "R5";
        }
        if (fhirVersion.startsWith("3.0")) {
            return "STU3";
        }
        if (fhirVersion.startsWith("1.0")) {
            return "DSTU2";
        }
        return fhirVersion.isEmpty() ? "an unstated version" : "version " + fhirVersion;
    }

    ConnectionTestResult result(String base) {
        List<String> messages = new ArrayList<>();
        String who = software.isEmpty() ? "a FHIR server" : software;
        if (!r4()) {
            messages.add("Connected to " + who + " at " + base + ", which speaks FHIR " + fhirVersion + " ("
                    + release() + "); this provider supports R4 (4.0.x) only");
            return new ConnectionTestResult(true, fhirVersion, false, messages);
        }
        messages.add("Connected to " + who + " at " + base + ": FHIR " + fhirVersion + " (R4)");
        messages.add(transactions ? "Transactions: supported"
                : "Transactions: not announced by the server; exports send transaction Bundles and will fail");
        messages.add(conditionalUpdate ? "Conditional update of Location and Organization: supported"
                : "Conditional update of Location and Organization: not announced; exports rely on it and will fail");
        return new ConnectionTestResult(true, fhirVersion, true, messages);
    }
}
