package org.georegistry.core.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

final class LoginThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final LoginThrottle throttle = new LoginThrottle(3, 60_000, now::get);

    @Test
    void blocksAfterTheLimitForTheWindowThenForgets() {
        throttle.failed("u|a");
        throttle.failed("u|a");
        assertEquals(0, throttle.blockedFor("u|a"));
        throttle.failed("u|a");
        assertEquals(60_000, throttle.blockedFor("u|a"));
        assertEquals(0, throttle.blockedFor("u|b"), "another address is not blocked");
        now.addAndGet(59_000);
        assertEquals(1_000, throttle.blockedFor("u|a"));
        now.addAndGet(1_001);
        assertEquals(0, throttle.blockedFor("u|a"));
    }

    @Test
    void failuresOutsideTheWindowDoNotAddUpAndSuccessClears() {
        throttle.failed("u|a");
        throttle.failed("u|a");
        now.addAndGet(61_000);
        throttle.failed("u|a");
        assertEquals(0, throttle.blockedFor("u|a"), "the first two are older than the window");
        throttle.failed("u|a");
        throttle.succeeded("u|a");
        throttle.failed("u|a");
        assertEquals(0, throttle.blockedFor("u|a"), "a success starts the count again");
    }

    @Test
    void disabledWithZeroFailures() {
        LoginThrottle off = new LoginThrottle(0, 60_000, now::get);
        for (int i = 0; i < 100; i++) {
            off.failed("u|a");
        }
        assertEquals(0, off.blockedFor("u|a"));
    }

    @Test
    void theAuthenticatorAnswersThrottledBeforeCheckingThePassword() {
        Authenticator auth = new Authenticator(null, throttle);
        String header = "Basic " + java.util.Base64.getEncoder().encodeToString("u:p".getBytes());
        for (int i = 0; i < 3; i++) {
            throttle.failed(Passwords.sha256("user:u|127.0.0.1"));
        }
        // no user store is there to ask: a throttled request never reaches it
        Authenticator.Outcome outcome = auth.authenticate(header, "127.0.0.1");
        assertTrue(outcome instanceof Authenticator.Outcome.Throttled t && t.retryAfterSeconds() == 60, outcome.toString());
    }
}
