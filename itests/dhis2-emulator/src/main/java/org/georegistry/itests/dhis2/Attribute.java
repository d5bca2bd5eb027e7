package org.georegistry.itests.dhis2;

/** A metadata attribute; only org-unit attributes ({@code organisationUnitAttribute}) may carry org unit values. */
public record Attribute(String id, String code, String name, String valueType, boolean organisationUnitAttribute,
        boolean unique, boolean mandatory, String optionSetId, String created, String lastUpdated) {
}
