package org.georegistry.itests;

import org.georegistry.itests.fhir.FhirTestServer;

/**
 * The HAPI JPA test server, started in the test driver's JVM (outside the OSGi container, which only gets its URL).
 * Kept apart from the test classes so that the container never loads the server's classes.
 */
final class FhirServerForTests {

    private FhirServerForTests() {}

    static String baseUrl() {
        try {
            return FhirTestServer.shared().baseUrl();
        } catch (Exception e) {
            throw new IllegalStateException("The test FHIR server did not start", e);
        }
    }
}
