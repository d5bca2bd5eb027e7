package org.georegistry.api.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import org.junit.jupiter.api.Test;

/** What tells the core that a job failed because its peer was down, rather than for what it sent. */
class PeerUnavailableExceptionTest {

    /** A provider's own exception type, as the DHIS2, FHIR and Reveal providers have. */
    private static final class ProviderException extends Exception {
        ProviderException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Test
    void noConnectionATimeoutOrTheExceptionItselfAnywhereInTheCausesCount() {
        assertTrue(PeerUnavailableException.in(new PeerUnavailableException("HTTP 502 (tried 5 times)")));
        assertTrue(PeerUnavailableException.in(new ProviderException("Cannot reach X: connection refused",
                new ConnectException("Connection refused"))));
        assertTrue(PeerUnavailableException.in(new ProviderException("no answer",
                new HttpTimeoutException("request timed out"))));
        assertTrue(PeerUnavailableException.in(new IllegalStateException("wrapped twice", new ProviderException("x",
                new HttpConnectTimeoutException("connect timed out")))));
        assertTrue(PeerUnavailableException.in(new ProviderException("502 after retries",
                new PeerUnavailableException("HTTP 502"))));
    }

    @Test
    void refusedDataAndOtherFailuresDoNot() {
        assertFalse(PeerUnavailableException.in(new IllegalArgumentException("Configuration: levels: missing")));
        assertFalse(PeerUnavailableException.in(new ProviderException("DHIS2 answered HTTP 409", null)));
        assertFalse(PeerUnavailableException.in(new IOException("disk full")));
        assertFalse(PeerUnavailableException.in(null));
    }
}
