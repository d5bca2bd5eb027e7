package org.georegistry.core.internal.model;

import java.util.List;
import org.georegistry.api.model.LocalizedText;

/** A list of terms that term attributes take their values from. */
public record Classification(String code, String organization, LocalizedText label, List<Term> terms) {

    public Classification {
        terms = terms == null ? List.of() : List.copyOf(terms);
    }

    public boolean hasTerm(String termCode) {
        return terms.stream().anyMatch(t -> t.code().equals(termCode));
    }
}
