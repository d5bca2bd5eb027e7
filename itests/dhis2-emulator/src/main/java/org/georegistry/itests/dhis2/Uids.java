package org.georegistry.itests.dhis2;

import java.util.concurrent.ThreadLocalRandom;

/** DHIS2 identifiers: a letter then ten letters or digits (CodeGenerator in dhis2-core). Checked by hand, no regex: it runs per object. */
final class Uids {
    static final int LENGTH = 11;
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String ALPHANUMERIC = "0123456789" + LETTERS;

    private Uids() {
    }

    static boolean isValid(String uid) {
        if (uid == null || uid.length() != LENGTH || !isAsciiLetter(uid.charAt(0))) {
            return false;
        }
        for (int i = 1; i < LENGTH; i++) {
            char c = uid.charAt(i);
            if (!isAsciiLetter(c) && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] chars = new char[LENGTH];
        chars[0] = LETTERS.charAt(random.nextInt(LETTERS.length()));
        for (int i = 1; i < LENGTH; i++) {
            chars[i] = ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length()));
        }
        return new String(chars);
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
