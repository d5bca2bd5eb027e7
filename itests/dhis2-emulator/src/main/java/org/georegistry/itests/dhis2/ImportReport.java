package org.georegistry.itests.dhis2;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What an import did, per type and per object, and its JSON in the envelope of each DHIS2 release. */
final class ImportReport {
    enum Status { OK, WARNING, ERROR }

    record ObjectReport(String klass, int index, String uid, List<ErrorReport> errors) {
    }

    static final class TypeReport {
        final String klass;
        int created;
        int updated;
        int deleted;
        int ignored;
        final List<ObjectReport> objectReports = new ArrayList<>();

        TypeReport(String klass) {
            this.klass = klass;
        }

        int total() {
            return created + updated + deleted + ignored;
        }
    }

    private final Map<String, TypeReport> types = new LinkedHashMap<>();
    private Status status = Status.OK;

    TypeReport type(String klass) {
        return types.computeIfAbsent(klass, TypeReport::new);
    }

    void status(Status newStatus) {
        status = newStatus;
    }

    Status status() {
        return status;
    }

    boolean hasErrors() {
        return types.values().stream().flatMap(t -> t.objectReports.stream()).anyMatch(o -> !o.errors().isEmpty());
    }

    /** Every accepted object becomes ignored: an atomic import that failed commits nothing. */
    void ignoreAll() {
        for (TypeReport type : types.values()) {
            type.ignored = type.total();
            type.created = 0;
            type.updated = 0;
            type.deleted = 0;
        }
    }

    /** The bare ImportReport: the body in 2.36 and older (with importParams) and 2.37 (with responseType). */
    ObjectNode toJson(Dhis2Version version, ImportParams params, boolean withObjectReports) {
        ObjectNode node = Json.NODES.objectNode();
        if (version.atLeast(37)) {
            node.put("responseType", "ImportReport");
        } else {
            node.set("importParams", params.toJson());
        }
        node.put("status", status.name());
        ArrayNode typeReports = node.putArray("typeReports");
        int created = 0;
        int updated = 0;
        int deleted = 0;
        int ignored = 0;
        for (TypeReport type : types.values()) {
            ObjectNode typeNode = typeReports.addObject();
            typeNode.put("klass", type.klass);
            typeNode.set("stats", stats(type.created, type.updated, type.deleted, type.ignored));
            ArrayNode objects = Json.NODES.arrayNode();
            for (ObjectReport report : type.objectReports) {
                if (withObjectReports || !report.errors().isEmpty()) {
                    objects.add(objectJson(report, version));
                }
            }
            if (!objects.isEmpty()) {
                typeNode.set("objectReports", objects);
            }
            created += type.created;
            updated += type.updated;
            deleted += type.deleted;
            ignored += type.ignored;
        }
        node.set("stats", stats(created, updated, deleted, ignored));
        return node;
    }

    private static ObjectNode objectJson(ObjectReport report, Dhis2Version version) {
        ObjectNode node = Json.NODES.objectNode();
        node.put("klass", report.klass());
        node.put("index", report.index());
        Json.putIfNotNull(node, "uid", report.uid());
        if (!report.errors().isEmpty()) {
            ArrayNode errors = node.putArray("errorReports");
            report.errors().forEach(e -> errors.add(e.toJson(version)));
        }
        return node;
    }

    private static ObjectNode stats(int created, int updated, int deleted, int ignored) {
        ObjectNode node = Json.NODES.objectNode();
        node.put("created", created);
        node.put("updated", updated);
        node.put("deleted", deleted);
        node.put("ignored", ignored);
        node.put("total", created + updated + deleted + ignored);
        return node;
    }
}
