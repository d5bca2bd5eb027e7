package org.georegistry.itests.emulator;

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

/**
 * One request to an emulator on the JDK's HTTP server (its path, query and headers) and the ways to answer it,
 * including those of a failing peer: a proxy's HTML page, a dropped connection, a body cut in half. An emulator
 * subclasses it for its own path rules and answers.
 */
public class EmulatorExchange {
    private final HttpExchange http;
    private final String path;
    private final Map<String, List<String>> query;
    private boolean truncate;

    /** @param path the request path as the emulator routes it (decoded, normalised as its peer does) */
    protected EmulatorExchange(HttpExchange http, String path) {
        this.http = http;
        this.path = path;
        this.query = parseForm(http.getRequestURI().getRawQuery());
    }

    /** The decoded request path without a trailing slash ({@code /} stays {@code /}). */
    public static String plainPath(HttpExchange http) {
        return withoutTrailingSlash(decode(http.getRequestURI().getRawPath()));
    }

    public static String withoutTrailingSlash(String p) {
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    public static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Parses {@code a=1&b=2} (a query string or a form-encoded body). */
    public static Map<String, List<String>> parseForm(String raw) {
        Map<String, List<String>> values = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return values;
    }

    /**
     * The HTML page nginx answers with its own errors, e.g. {@code proxyPage(502, "Bad Gateway")} when the peer
     * behind it is down.
     */
    public static String proxyPage(int status, String reason) {
        return "<html>\r\n<head><title>" + status + " " + reason + "</title></head>\r\n<body>\r\n<center><h1>" + status
                + " " + reason + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    }

    protected HttpExchange http() {
        return http;
    }

    public String method() {
        return http.getRequestMethod();
    }

    public String path() {
        return path;
    }

    public String header(String name) {
        return http.getRequestHeaders().getFirst(name);
    }

    public String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public List<String> params(String name) {
        return query.getOrDefault(name, List.of());
    }

    /** The first value of each query parameter. */
    public Map<String, String> singleParams() {
        Map<String, String> single = new HashMap<>();
        query.forEach((k, v) -> single.put(k, v.get(0)));
        return single;
    }

    /** The answer sent next is cut in the middle of its body (the request itself is handled as usual). */
    public void truncateResponse() {
        truncate = true;
    }

    public void json(int status, JsonNode body) throws IOException {
        send(status, "application/json;charset=UTF-8", EmulatorJson.MAPPER.writeValueAsBytes(body));
    }

    public void text(int status, String text) throws IOException {
        send(status, "text/plain;charset=UTF-8", text.getBytes(StandardCharsets.UTF_8));
    }

    public void html(int status, String html) throws IOException {
        send(status, "text/html;charset=UTF-8", html.getBytes(StandardCharsets.UTF_8));
    }

    /** A status without a body, e.g. 204, or 201 as Spring's {@code new ResponseEntity<>(HttpStatus.CREATED)}. */
    public void empty(int status) throws IOException {
        http.sendResponseHeaders(status, -1);
        http.close();
    }

    public void redirect(String location) throws IOException {
        http.getResponseHeaders().set("Location", location);
        http.sendResponseHeaders(302, -1);
        http.close();
    }

    public void setHeader(String name, String value) {
        http.getResponseHeaders().set(name, value);
    }

    /** Closing before any header is sent makes the JDK server drop the connection: the client sees no response. */
    public void drop() {
        http.close();
    }

    private void send(int status, String contentType, byte[] bytes) throws IOException {
        http.getResponseHeaders().set("Content-Type", contentType);
        if (truncate) {
            // chunked, so the response ends cleanly at the HTTP level with half a document
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
