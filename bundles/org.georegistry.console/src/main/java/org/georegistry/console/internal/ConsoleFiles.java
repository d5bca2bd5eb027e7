package org.georegistry.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's static files, read from the bundle once and kept in memory (they are small): a request path maps to
 * a file under {@code console/}, {@code /} to {@code index.html}. Only the listed file types are served and no path
 * may leave the folder.
 */
final class ConsoleFiles {

    /** A file ready to send; the tag is a digest of the content, so it changes exactly when the file does. */
    record File(byte[] body, String contentType, String etag) {}

    static final String ROOT = "console/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json");

    private final ClassLoader loader;
    private final Map<String, Optional<File>> cache = new ConcurrentHashMap<>();

    ConsoleFiles(ClassLoader loader) {
        this.loader = loader;
    }

    /** The file a request path names; empty for anything else (unknown, a folder, another type, a way out). */
    Optional<File> find(String path) {
        String name = name(path);
        return name == null ? Optional.empty() : cache.computeIfAbsent(name, this::load);
    }

    /** The resource name under {@link #ROOT} for a request path, or null when the path names none that may be served. */
    static String name(String path) {
        String p = path == null || path.isEmpty() || path.equals("/") ? "/index.html" : path;
        if (!p.startsWith("/") || p.contains("\\") || p.contains("//") || p.contains("%")) {
            return null;
        }
        for (String segment : p.substring(1).split("/")) {
            if (segment.isEmpty() || segment.startsWith(".")) {
                return null; // "..", ".hidden", a trailing slash
            }
        }
        return TYPES.containsKey(extension(p)) ? p.substring(1) : null;
    }

    private Optional<File> load(String name) {
        URL url = loader.getResource(ROOT + name);
        if (url == null) {
            return Optional.empty();
        }
        try (InputStream in = url.openStream()) {
            byte[] body = in.readAllBytes();
            return Optional.of(new File(body, TYPES.get(extension(name)), etag(body)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read console file " + name, e);
        }
    }

    private static String extension(String path) {
        int dot = path.lastIndexOf('.');
        return dot < path.lastIndexOf('/') || dot < 0 ? "" : path.substring(dot + 1);
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
