package org.georegistry.sync.dhis2.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DHIS2 release as {@code /api/system/info} reports it: "2.31.9", "2.40.5", "2.41-SNAPSHOT" or, from v41 on
 * in some builds, "41.0". The API version is the minor number of a 2.x release and the major number otherwise.
 */
record Dhis2Version(String text, int api) {

    static final int OLDEST_SUPPORTED = 31;
    static final int FIRST_UNSUPPORTED = 43;
    private static final Pattern NUMBERS = Pattern.compile("^v?(\\d+)\\.(\\d+)");

    /** The version, or null when the text is not a DHIS2 version. */
    static Dhis2Version parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = NUMBERS.matcher(text.trim());
        if (!m.find()) {
            return null;
        }
        int major = Integer.parseInt(m.group(1));
        return new Dhis2Version(text.trim(), major == 2 ? Integer.parseInt(m.group(2)) : major);
    }

    boolean supported() {
        return api >= OLDEST_SUPPORTED && api < FIRST_UNSUPPORTED;
    }

    /** GeoJSON {@code geometry} from 2.32; 2.31 has {@code featureType} + {@code coordinates}. */
    boolean hasGeoJson() {
        return api >= 32;
    }

    boolean hasApiTokens() {
        return api >= 37;
    }

    @Override
    public String toString() {
        return text;
    }
}
