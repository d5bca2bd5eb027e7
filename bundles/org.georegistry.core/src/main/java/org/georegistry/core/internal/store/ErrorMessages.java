package org.georegistry.core.internal.store;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The form of an error message that errors of the same kind share, so that the job's grouped errors show one group
 * per problem rather than one per object: peers and providers embed what differs from object to object (DHIS2's
 * "Invalid UID `aB3dE5gH7jK` for property `id`", "... the short name of F123 was cut ...") in otherwise identical
 * text. The object's own code, words with a digit (codes, ids, numbers, dates) and DHIS2-style uids become
 * {@value #PLACEHOLDER}; words without a digit (property names such as {@code openingDate}) are kept, so different
 * problems stay apart. Names embedded in messages are not recognised and still split groups.
 */
final class ErrorMessages {

    static final String PLACEHOLDER = "<…>";

    /** A run of letters, digits, '_' and '-': codes like KE-P1-D2 are one word. */
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_-]+");

    private ErrorMessages() {}

    /** The message with what is particular to one object replaced; {@code objectCode} may be null. */
    static String normalize(String message, String objectCode) {
        String text = message;
        if (objectCode != null && !objectCode.isBlank()) {
            // the code as a whole word: a code that is a plain word (KAILAHUN) has no digit to give it away
            text = Pattern.compile("(?<![\\p{L}\\p{N}_-])" + Pattern.quote(objectCode) + "(?![\\p{L}\\p{N}_-])")
                    .matcher(text).replaceAll(Matcher.quoteReplacement(PLACEHOLDER));
        }
        Matcher words = WORD.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (words.find()) {
            String word = words.group();
            words.appendReplacement(out, Matcher.quoteReplacement(particular(word) ? PLACEHOLDER : word));
        }
        words.appendTail(out);
        return out.toString();
    }

    private static boolean particular(String word) {
        return word.chars().anyMatch(Character::isDigit) || dhis2Uid(word);
    }

    /**
     * A DHIS2 uid without a digit: eleven letters mixing cases as random ones do (at least three capitals after the
     * first letter), unlike a property name such as {@code openingDate}.
     */
    private static boolean dhis2Uid(String word) {
        if (word.length() != 11) {
            return false;
        }
        int upper = 0;
        int lower = 0;
        for (int i = 1; i < word.length(); i++) {
            char c = word.charAt(i);
            if (!Character.isLetter(c) || c > 'z') {
                return false;
            }
            upper += Character.isUpperCase(c) ? 1 : 0;
            lower += Character.isLowerCase(c) ? 1 : 0;
        }
        return Character.isLetter(word.charAt(0)) && upper >= 3 && lower >= 3;
    }
}
