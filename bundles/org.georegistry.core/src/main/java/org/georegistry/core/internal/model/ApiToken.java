package org.georegistry.core.internal.model;

import java.time.Instant;

/** An API token as listed: the secret itself is shown once, at creation, and stored only as a SHA-256 hash. */
public record ApiToken(long id, String name, Instant created) {}
