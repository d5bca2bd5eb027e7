package org.georegistry.itests.dhis2;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.georegistry.itests.emulator.EmulatorExchange;

/** One request: its path without the API version, its query, its body under the size limit, and the ways to answer. */
final class Exchange extends EmulatorExchange {
    /** A body over the limit: a proxy's 413, raised while the body is streamed. */
    static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException() {
            super("request body too large");
        }
    }

    private final long maxBodyBytes;

    Exchange(HttpExchange http, long maxBodyBytes) {
        super(http, normalise(http.getRequestURI().getRawPath()));
        this.maxBodyBytes = maxBodyBytes;
    }

    /** /api/40/organisationUnits.json is /api/organisationUnits: DHIS2 accepts a version segment and a .json suffix. */
    private static String normalise(String rawPath) {
        String p = decode(rawPath);
        if (p.endsWith(".json")) {
            p = p.substring(0, p.length() - 5);
        }
        if (p.startsWith("/api/")) {
            int next = p.indexOf('/', 5);
            String segment = next < 0 ? p.substring(5) : p.substring(5, next);
            if (!segment.isEmpty() && segment.chars().allMatch(Character::isDigit)) {
                p = "/api" + (next < 0 ? "" : p.substring(next));
            }
        }
        return withoutTrailingSlash(p);
    }

    boolean declaresTooLargeBody() {
        String length = header("Content-Length");
        try {
            return length != null && Long.parseLong(length.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The body, failing with {@link BodyTooLargeException} once more than the limit has been read. */
    InputStream body() {
        return new FilterInputStream(http().getRequestBody()) {
            private long count;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    count(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    count(n);
                }
                return n;
            }

            private void count(long n) throws IOException {
                count += n;
                if (count > maxBodyBytes) {
                    throw new BodyTooLargeException();
                }
            }
        };
    }

    /** DHIS2's WebMessage, the body of its errors: {httpStatus, httpStatusCode, status, message}. */
    void webMessage(int status, String reason, String message) throws IOException {
        json(status, webMessage(status, reason, status < 400 ? "OK" : "ERROR", message));
    }

    static ObjectNode webMessage(int status, String reason, String statusWord, String message) {
        ObjectNode node = Json.NODES.objectNode();
        node.put("httpStatus", reason);
        node.put("httpStatusCode", status);
        node.put("status", statusWord);
        Json.putIfNotNull(node, "message", message);
        return node;
    }
}
