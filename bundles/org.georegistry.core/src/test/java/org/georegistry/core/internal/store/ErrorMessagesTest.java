package org.georegistry.core.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** Messages that differ only by what is particular to one object normalize alike; different problems do not. */
class ErrorMessagesTest {

    private static String n(String message, String code) {
        return ErrorMessages.normalize(message, code);
    }

    @Test
    void idsCodesAndNumbersAreLeftOut() {
        // DHIS2's E4014 and E5002 texts (dhis2-core ErrorCode) with the uids of two objects
        assertEquals("Invalid UID `<…>` for property `id`", n("Invalid UID `aB3dE5gH7jK` for property `id`", "F1"));
        assertEquals(n("Invalid reference xY7dE5gH7jK on object F123 for association `parent`.", "F123"),
                n("Invalid reference Qw2rT5yU8iO on object F9 for association `parent`.", "F9"));
        assertEquals(n("Organisation unit `abcDEFghIJK` is not in the hierarchy", null),
                n("Organisation unit `QWErtyUIOpa` is not in the hierarchy", null), "uids without a digit too");
        assertEquals("The short name of <…> was cut to <…> characters",
                n("The short name of KAILAHUN was cut to 50 characters", "KAILAHUN"), "a code that is a plain word");
        assertEquals(n("Term public of kind is not mapped", "KE-P1-D2"), "Term public of kind is not mapped");
    }

    @Test
    void differentProblemsStayApart() {
        assertNotEquals(n("Missing required property `openingDate`.", "F1"),
                n("Missing required property `shortName`.", "F1"), "property names are kept, camelCase included");
        assertEquals("Missing required property `openingDate`.", n("Missing required property `openingDate`.", "F1"));
        assertNotEquals(n("Term public of kind is not mapped", "A"), n("Term private of kind is not mapped", "B"));
        assertEquals("Code of AB is <…>", n("Code of AB is A", "A"), "only the code as a whole word");
    }
}
