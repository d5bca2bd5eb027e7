package org.georegistry.sync.dhis2.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the organisation unit part of a metadata ImportReport in any of its envelopes: bare (2.36 and older, with
 * importParams), bare with responseType (2.37), or inside a WebMessage's {@code response} (2.38 and later, HTTP 409
 * with status WARNING when an object failed).
 */
final class ImportReports {

    static final String ORG_UNIT = "OrganisationUnit";
    static final String ORG_UNIT_GROUP = "OrganisationUnitGroup";

    /** One object's report: its index in the payload, its uid when DHIS2 gave one, and its errorReports. */
    record ObjectReport(int index, String uid, List<JsonNode> errors, JsonNode json) {}

    /**
     * What DHIS2 did with the objects of one class in one payload; {@code byKey} indexes the reports by uid, and by
     * index for those without one (a FULL report lists every object: a batch must not search it per object).
     */
    record Outcome(String status, int created, int updated, int ignored, List<ObjectReport> objects,
            Map<Object, ObjectReport> byKey) {

        Outcome(String status, int created, int updated, int ignored, List<ObjectReport> objects) {
            this(status, created, updated, ignored, objects, index(objects));
        }

        private static Map<Object, ObjectReport> index(List<ObjectReport> objects) {
            Map<Object, ObjectReport> byKey = new HashMap<>();
            for (ObjectReport report : objects) {
                byKey.putIfAbsent(report.uid() != null ? report.uid() : Integer.valueOf(report.index()), report);
            }
            return byKey;
        }

        /** The report for the object sent at {@code index} with {@code uid}: by uid when DHIS2 gave one. */
        ObjectReport object(int index, String uid) {
            ObjectReport byUid = byKey.get(uid);
            return byUid != null ? byUid : byKey.get(Integer.valueOf(index));
        }

        int committed() {
            return created + updated;
        }
    }

    private ImportReports() {}

    /** The outcome for organisation units, or null when the JSON is no ImportReport in any known envelope. */
    static Outcome read(JsonNode body) {
        return read(body, ORG_UNIT);
    }

    /** The outcome for one class, by its simple name; null when the JSON is no ImportReport. */
    static Outcome read(JsonNode body, String klass) {
        JsonNode report = body.path("response").isObject() ? body.get("response") : body;
        if (!report.has("typeReports") && !report.has("stats")) {
            return null;
        }
        int created = 0;
        int updated = 0;
        int ignored = 0;
        List<ObjectReport> objects = new ArrayList<>();
        for (JsonNode type : report.path("typeReports")) {
            if (!type.path("klass").asText().endsWith("." + klass)) {
                continue;
            }
            created += type.path("stats").path("created").asInt();
            updated += type.path("stats").path("updated").asInt();
            ignored += type.path("stats").path("ignored").asInt();
            for (JsonNode object : type.path("objectReports")) {
                List<JsonNode> errors = new ArrayList<>();
                object.path("errorReports").forEach(errors::add);
                String uid = object.hasNonNull("uid") ? object.get("uid").asText() : null;
                objects.add(new ObjectReport(object.path("index").asInt(-1), uid, List.copyOf(errors), object));
            }
        }
        return new Outcome(report.path("status").asText(body.path("status").asText("")), created, updated, ignored,
                List.copyOf(objects));
    }
}
