package org.georegistry.itests.dhis2;

/** The emulated release. "2.40.5" and "40.5" both mean minor 40: DHIS2 dropped the "2." prefix from v40 on. */
final class Dhis2Version {
    private final String text;
    private final int minor;

    private Dhis2Version(String text, int minor) {
        this.text = text;
        this.minor = minor;
    }

    static Dhis2Version parse(String text) {
        String[] parts = text.trim().split("\\.");
        try {
            int minor = parts[0].equals("2") && parts.length > 1 ? Integer.parseInt(parts[1]) : Integer.parseInt(parts[0]);
            return new Dhis2Version(text.trim(), minor);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a DHIS2 version: " + text, e);
        }
    }

    boolean atLeast(int otherMinor) {
        return minor >= otherMinor;
    }

    /** 2.31 knew featureType + coordinates; 2.32 replaced them with GeoJSON geometry. */
    boolean hasGeometry() {
        return atLeast(32);
    }

    /** Personal access tokens arrived in 2.37. */
    boolean hasApiTokens() {
        return atLeast(37);
    }

    @Override
    public String toString() {
        return text;
    }
}
