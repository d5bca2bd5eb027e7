package org.georegistry.core.internal.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Set;

/**
 * A user as the API shows it; the password hash never leaves the store.
 *
 * @param organization null only for SRA users without an organization
 */
public record User(long id, String username, String organization, Set<Role> roles, Instant created) {

    public User {
        roles = Set.copyOf(roles);
    }

    @JsonIgnore
    public boolean isSra() {
        return roles.contains(Role.SRA);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
