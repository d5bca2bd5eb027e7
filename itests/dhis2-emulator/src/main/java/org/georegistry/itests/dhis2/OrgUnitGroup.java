package org.georegistry.itests.dhis2;

import java.util.Set;

/** A group owns its membership in DHIS2; {@code members} is a snapshot of member uids in insertion order. */
public record OrgUnitGroup(String id, String code, String name, String shortName, Set<String> members,
        String created, String lastUpdated) {
}
