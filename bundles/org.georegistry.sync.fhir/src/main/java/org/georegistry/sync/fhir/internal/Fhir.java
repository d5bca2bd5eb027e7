package org.georegistry.sync.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;

/**
 * The bundle's one {@link FhirContext} (building one scans the whole R4 model, so it is made once and shared; it
 * is thread-safe). Made with this bundle's class loader as the context loader, since HAPI looks some resources up
 * through it.
 */
final class Fhir {

    private static volatile FhirContext context;

    private Fhir() {}

    static FhirContext context() {
        FhirContext c = context;
        if (c == null) {
            synchronized (Fhir.class) {
                c = context;
                if (c == null) {
                    Thread thread = Thread.currentThread();
                    ClassLoader previous = thread.getContextClassLoader();
                    thread.setContextClassLoader(Fhir.class.getClassLoader());
                    try {
                        c = FhirContext.forR4();
                    } finally {
                        thread.setContextClassLoader(previous);
                    }
                    context = c;
                }
            }
        }
        return c;
    }

    /** A compact JSON parser; parsers are cheap and not thread-safe, so take one per use. */
    static IParser json() {
        return context().newJsonParser().setPrettyPrint(false).setSuppressNarratives(true);
    }
}
