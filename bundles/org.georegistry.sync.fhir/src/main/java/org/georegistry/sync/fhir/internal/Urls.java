package org.georegistry.sync.fhir.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Query parameter values for FHIR search and conditional URLs. */
final class Urls {

    private Urls() {}

    /**
     * Escapes what would change the meaning of a query ({@code & # + % | ? =}, spaces, controls, non-ASCII) and keeps
     * the characters URIs are made of readable, so {@code https://moh.gov/code|K-01} stays as it is.
     */
    static String param(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~:/@!$'()*,;".indexOf(c) >= 0;
            if (plain) {
                out.append(c);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < value.length() ? i + 2 : i + 1;
                out.append(URLEncoder.encode(value.substring(i, end), StandardCharsets.UTF_8).replace("+", "%20"));
                i = end - 1;
            }
        }
        return out.toString();
    }
}
