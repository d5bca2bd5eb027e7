package org.georegistry.sync.dhis2.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.georegistry.api.sync.ObjectError;
import org.georegistry.api.sync.SyncJob;

/**
 * Adds units to organisation unit groups. A group owns its membership in DHIS2 and an update replaces the whole
 * group, so the group is read, the new members appended, and the group sent back in one metadata import.
 */
final class GroupMembership {

    private final Dhis2Client client;
    private final SyncJob job;
    private final String importPath;

    GroupMembership(Dhis2Client client, SyncJob job, String importPath) {
        this.client = client;
        this.job = job;
        this.importPath = importPath;
    }

    /**
     * Adds units to groups (never removes any): the level's groups and those its terms map to, together. A group
     * that cannot be read or updated is reported, the others go on.
     */
    void add(String type, Map<String, Set<String>> unitsByGroup) throws Dhis2Exception {
        for (Map.Entry<String, Set<String>> entry : unitsByGroup.entrySet()) {
            String groupId = entry.getKey();
            Collection<String> unitIds = entry.getValue();
            if (unitIds.isEmpty()) {
                continue;
            }
            ObjectNode group;
            try {
                group = (ObjectNode) client.getJson("/organisationUnitGroups/" + groupId + "?fields=:owner");
            } catch (Dhis2Exception e) {
                if (e.kind() != Dhis2Exception.Kind.HTTP_ERROR) {
                    throw e;
                }
                job.objectError(ObjectError.error(null, "GROUP_NOT_FOUND", "Organisation unit group " + groupId
                        + " of level " + type + " cannot be read: " + e.getMessage()));
                continue;
            }
            ArrayNode members = group.withArray("organisationUnits");
            Set<String> present = new HashSet<>();
            members.forEach(m -> present.add(m.path("id").asText()));
            int before = members.size();
            unitIds.stream().filter(present::add).forEach(id -> members.addObject().put("id", id));
            if (members.size() > before) {
                send(type, group, members.size() - before);
            }
        }
    }

    private void send(String type, ObjectNode group, int added) throws Dhis2Exception {
        String label = group.path("name").asText(group.path("id").asText());
        byte[] body = ("{\"organisationUnitGroups\":[" + group + "]}").getBytes(StandardCharsets.UTF_8);
        ImportReports.Outcome outcome = client.importMetadata(importPath, body, ImportReports.ORG_UNIT_GROUP,
                "organisation unit group " + label);
        for (ImportReports.ObjectReport report : outcome.objects()) {
            for (JsonNode error : report.errors()) {
                job.objectError(new ObjectError(null, ObjectError.Severity.ERROR, error.path("errorCode").asText("DHIS2"),
                        "Adding " + added + " units of level " + type + " to group " + label + ": "
                                + error.path("message").asText(), null, report.json().toString()));
            }
        }
    }
}
