package org.georegistry.itests.reveal;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One request (path, query, headers, body) and the ways to answer it. */
final class Exchange {
    private final HttpExchange http;
    private final String path;
    private final Map<String, List<String>> query;
    private byte[] body;

    Exchange(HttpExchange http) {
        this.http = http;
        String p = URLDecoder.decode(http.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
        this.path = p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        this.query = parseForm(http.getRequestURI().getRawQuery());
    }

    /** Parses {@code a=1&b=2} (a query string or a form-encoded body). */
    static Map<String, List<String>> parseForm(String raw) {
        Map<String, List<String>> values = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return values;
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

    byte[] body() throws IOException {
        if (body == null) {
            body = http.getRequestBody().readAllBytes();
        }
        return body;
    }

    String bodyText() throws IOException {
        return new String(body(), StandardCharsets.UTF_8);
    }

    void json(int status, JsonNode node) throws IOException {
        send(status, "application/json;charset=UTF-8", Json.MAPPER.writeValueAsBytes(node));
    }

    void text(int status, String text) throws IOException {
        send(status, "text/plain;charset=UTF-8", text.getBytes(StandardCharsets.UTF_8));
    }

    void html(int status, String html) throws IOException {
        send(status, "text/html;charset=UTF-8", html.getBytes(StandardCharsets.UTF_8));
    }

    /** A status without a body, as Spring's {@code new ResponseEntity<>(HttpStatus.CREATED)}. */
    void empty(int status) throws IOException {
        http.sendResponseHeaders(status, -1);
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
        http.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }
}
