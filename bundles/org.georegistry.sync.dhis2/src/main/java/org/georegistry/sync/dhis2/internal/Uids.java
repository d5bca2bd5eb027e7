package org.georegistry.sync.dhis2.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * DHIS2 identifiers made locally, so a new unit's id is known before the import and its children can point at it
 * in the same payload; DHIS2's own generator uses the same alphabet and shape.
 *
 * <p>A new unit's id is derived from the external system and the object ({@link #derive}), not drawn at random:
 * when the server dies after DHIS2 committed a batch but before the ids were stored, the rerun sends the same ids
 * again and DHIS2 updates the units it already has instead of refusing duplicates of their codes.
 */
final class Uids {

    static final Pattern VALID = Pattern.compile("^[a-zA-Z][a-zA-Z0-9]{10}$");
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String ALPHANUMERIC = LETTERS + "0123456789";

    private Uids() {}

    /**
     * The id of a new unit for an object: the same for the same system, type and code, and as unlikely to collide
     * as a random one (SHA-256 spread over DHIS2's 11-character alphabet, about 65 bits).
     */
    static String derive(String externalSystemId, String typeCode, String code) {
        byte[] hash = sha256().digest((externalSystemId + '\u0000' + typeCode + '\u0000' + code)
                .getBytes(StandardCharsets.UTF_8));
        return fromBytes(hash);
    }

    private static String fromBytes(byte[] bytes) {
        char[] uid = new char[11];
        uid[0] = LETTERS.charAt((bytes[0] & 0xff) % LETTERS.length());
        for (int i = 1; i < uid.length; i++) {
            uid[i] = ALPHANUMERIC.charAt((bytes[i] & 0xff) % ALPHANUMERIC.length());
        }
        return new String(uid);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    static boolean valid(String uid) {
        return uid != null && VALID.matcher(uid).matches();
    }
}
