package org.georegistry.sync.fhir.internal;

/** Reads FHIR references. */
final class References {

    private References() {}

    /**
     * The id in a reference to a resource type: {@code Location/12}, {@code http://x/fhir/Location/12/_history/3};
     * null for another type, a conditional reference or a urn.
     */
    static String id(String reference, String resourceType) {
        String[] parts = reference.split("/");
        for (int i = parts.length - 2; i >= 0; i--) {
            if (parts[i].equals(resourceType) && !parts[i + 1].isEmpty() && !parts[i + 1].contains("?")) {
                return parts[i + 1];
            }
        }
        return null;
    }
}
