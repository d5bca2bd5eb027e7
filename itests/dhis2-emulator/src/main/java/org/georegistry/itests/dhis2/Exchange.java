package org.georegistry.itests.dhis2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One request: its path without the API version, its query, its body under the size limit, and the ways to answer. */
final class Exchange {
    /** A body over the limit: a proxy's 413, raised while the body is streamed. */
    static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException() {
            super("request body too large");
        }
    }

    private final HttpExchange http;
    private final String path;
    private final Map<String, List<String>> query = new HashMap<>();
    private final long maxBodyBytes;
    private boolean truncate;

    Exchange(HttpExchange http, long maxBodyBytes) {
        this.http = http;
        this.maxBodyBytes = maxBodyBytes;
        this.path = normalise(http.getRequestURI().getRawPath());
        String raw = http.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
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
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    String method() {
        return http.getRequestMethod();
    }

    String path() {
        return path;
    }

    String header(String name) {
        return http.getRequestHeaders().getFirst(name);
    }

    String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    List<String> params(String name) {
        return query.getOrDefault(name, List.of());
    }

    Map<String, String> singleParams() {
        Map<String, String> single = new HashMap<>();
        query.forEach((k, v) -> single.put(k, v.get(0)));
        return single;
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
        return new FilterInputStream(http.getRequestBody()) {
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

    void truncateResponse() {
        truncate = true;
    }

    void json(int status, JsonNode body) throws IOException {
        send(status, "application/json;charset=UTF-8", Json.MAPPER.writeValueAsBytes(body));
    }

    void html(int status, String body) throws IOException {
        send(status, "text/html;charset=UTF-8", body.getBytes(StandardCharsets.UTF_8));
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

    void redirect(String location) throws IOException {
        http.getResponseHeaders().set("Location", location);
        http.sendResponseHeaders(302, -1);
        http.close();
    }

    void noContent() throws IOException {
        http.sendResponseHeaders(204, -1);
        http.close();
    }

    void setHeader(String name, String value) {
        http.getResponseHeaders().set(name, value);
    }

    /** Closing before any header is sent makes the JDK server drop the connection: the client sees no response. */
    void drop() {
        http.close();
    }

    private void send(int status, String contentType, byte[] bytes) throws IOException {
        http.getResponseHeaders().set("Content-Type", contentType);
        if (truncate) {
            // chunked, so the response ends cleanly at the HTTP level with half a JSON document
            http.sendResponseHeaders(status, 0);
            try (OutputStream out = http.getResponseBody()) {
                out.write(bytes, 0, bytes.length / 2);
            }
            return;
        }
        http.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }
}
