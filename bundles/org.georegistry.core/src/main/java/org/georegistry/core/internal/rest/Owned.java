package org.georegistry.core.internal.rest;

import org.georegistry.api.model.LocalizedText;
import org.georegistry.core.internal.auth.Caller;
import org.georegistry.core.internal.store.Storage;

/** The common part of what an organization owns (classifications, types, hierarchies) and its checks. */
record Owned(String code, String organization, LocalizedText label) {

    /**
     * Checks code, label and organization, and that the caller administers that organization; answers the checks
     * so callers add their own fields before {@link Checks#done()}.
     */
    static Checks check(Storage storage, Caller caller, Owned in) {
        if (in == null) {
            throw ApiException.badRequest("", "A body is required");
        }
        Checks checks = new Checks().code("code", in.code()).label("label", in.label());
        if (in.organization() == null || in.organization().isBlank()) {
            checks.error("organization", "Required");
        } else if (storage.organizations().get(in.organization()).isEmpty() || !caller.canRead(in.organization())) {
            checks.error("organization", "Unknown organization '" + in.organization() + "'");
        } else {
            caller.requireAdmin(in.organization(), "organization '" + in.organization() + "'");
        }
        return checks;
    }

    /** Code and organization are the identity of an owned thing: an update cannot change them. */
    static void requireSameKey(String code, String newCode, String organization, String newOrganization) {
        Checks checks = new Checks();
        if (!code.equals(newCode)) {
            checks.error("code", "Must be '" + code + "' as in the path");
        }
        if (!organization.equals(newOrganization)) {
            checks.error("organization", "Cannot be changed");
        }
        checks.done();
    }
}
