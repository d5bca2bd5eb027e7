package org.georegistry.core.internal.model;

import org.georegistry.api.model.LocalizedText;

/** An organization owning types, hierarchies and classifications. */
public record Organization(String code, LocalizedText label) {}
