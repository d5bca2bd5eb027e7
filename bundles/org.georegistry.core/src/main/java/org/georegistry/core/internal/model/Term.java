package org.georegistry.core.internal.model;

import org.georegistry.api.model.LocalizedText;

/** One term of a classification. */
public record Term(String code, LocalizedText label) {}
