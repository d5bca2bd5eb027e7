package org.georegistry.sync.dhis2.internal;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * DHIS2 identifiers made locally, so a new unit's id is known before the import and its children can point at it
 * in the same payload; DHIS2's own generator uses the same alphabet and shape.
 */
final class Uids {

    static final Pattern VALID = Pattern.compile("^[a-zA-Z][a-zA-Z0-9]{10}$");
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String ALPHANUMERIC = LETTERS + "0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Uids() {}

    /** One draw from the secure generator per id (not one per character: an export makes 100,000 of them). */
    static String generate() {
        byte[] random = new byte[11];
        RANDOM.nextBytes(random);
        char[] uid = new char[11];
        uid[0] = LETTERS.charAt((random[0] & 0xff) % LETTERS.length());
        for (int i = 1; i < uid.length; i++) {
            uid[i] = ALPHANUMERIC.charAt((random[i] & 0xff) % ALPHANUMERIC.length());
        }
        return new String(uid);
    }

    static boolean valid(String uid) {
        return uid != null && VALID.matcher(uid).matches();
    }
}
