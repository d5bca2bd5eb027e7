package org.georegistry.itests.reveal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads one named part of a {@code multipart/form-data} body, as Spring's MultipartFile does. */
final class Multipart {
    /** A part's file name (may be null) and bytes. */
    record Part(String filename, byte[] content) {
    }

    private Multipart() {
    }

    /** The part with this form name, or null when the body has none (or is not multipart). */
    static Part part(String contentType, byte[] body, String name) {
        if (contentType == null || !contentType.toLowerCase().startsWith("multipart/form-data")) {
            return null;
        }
        int b = contentType.indexOf("boundary=");
        if (b < 0) {
            return null;
        }
        String boundary = contentType.substring(b + 9).split(";")[0].trim().replace("\"", "");
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int start = indexOf(body, delimiter, 0);
        while (start >= 0) {
            int headersStart = start + delimiter.length + 2;
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), Math.max(headersEnd, 0));
            if (headersEnd < 0 || next < 0) {
                return null;
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            if (headers.contains("name=\"" + name + "\"")) {
                String filename = null;
                int f = headers.indexOf("filename=\"");
                if (f >= 0) {
                    filename = headers.substring(f + 10, headers.indexOf('"', f + 10));
                }
                return new Part(filename, Arrays.copyOfRange(body, headersEnd + 4, next));
            }
            start = next + 2;
        }
        return null;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(from, 0); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
