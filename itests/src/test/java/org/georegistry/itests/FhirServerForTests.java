package org.georegistry.itests;

import org.georegistry.itests.fhir.FhirTestServer;

/**
 * Starts the HAPI JPA test server in the Pax Exam driver JVM (where {@code @Configuration} runs), so the forked
 * framework reaches it over loopback like a real FHIR server. Never called inside the framework.
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
