package org.georegistry.itests.dhis2;

public record OrgUnitLevel(String id, String code, String name, int level, String created, String lastUpdated) {
}
