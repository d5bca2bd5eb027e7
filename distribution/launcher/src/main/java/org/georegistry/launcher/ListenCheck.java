package org.georegistry.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks, before anything starts, that the HTTP (and HTTPS) addresses Felix HTTP will listen on are usable. Felix
 * HTTP only logs a bind failure and leaves the process running without a web server, so an administrator whose port
 * is taken, or who mistyped it, would find a live process that answers nothing. Here the launcher says why and stops.
 */
final class ListenCheck {

    /** One address to listen on, with the setting that chose its port. */
    record Listener(String host, int port, String setting) {
        String address() {
            return (host == null ? "*" : host) + ":" + port;
        }
    }

    static final String HOST = "org.apache.felix.http.host";
    static final String HTTP_ENABLE = "org.apache.felix.http.enable";
    static final String HTTP_PORT = "org.osgi.service.http.port";
    static final String HTTPS_ENABLE = "org.apache.felix.https.enable";
    static final String HTTPS_PORT = "org.osgi.service.http.port.secure";

    private ListenCheck() {}

    /**
     * The configured listeners ({@code settings} answers a property or null), with the ports Felix HTTP defaults to
     * when none is set (8080, 8443).
     *
     * @throws IllegalArgumentException naming the setting, when a port is not a port number
     */
    static List<Listener> listeners(Function<String, String> settings) {
        List<Listener> listeners = new ArrayList<>();
        String host = blankToNull(settings.apply(HOST));
        if (!"false".equalsIgnoreCase(trim(settings.apply(HTTP_ENABLE)))) {
            listeners.add(new Listener(host, port(settings, HTTP_PORT, 8080), HTTP_PORT));
        }
        if ("true".equalsIgnoreCase(trim(settings.apply(HTTPS_ENABLE)))) {
            listeners.add(new Listener(host, port(settings, HTTPS_PORT, 8443), HTTPS_PORT));
        }
        return listeners;
    }

    /** What keeps one of the listeners from binding now, or empty; port 0 (any free port) needs no check. */
    static Optional<String> problem(List<Listener> listeners) {
        for (Listener l : listeners) {
            if (l.port() == 0) {
                continue;
            }
            InetSocketAddress address = l.host() == null ? new InetSocketAddress(l.port())
                    : new InetSocketAddress(l.host(), l.port());
            if (address.isUnresolved()) {
                return Optional.of("cannot listen on " + l.address() + ": " + HOST + "=" + l.host()
                        + " is not a known host name or address of this machine");
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true); // as Jetty does: closed connections still waiting do not count
                socket.bind(address);
            } catch (IOException e) {
                return Optional.of("cannot listen on " + l.address() + " (" + l.setting() + "): " + e.getMessage()
                        + ". Another program, or another GeoRegistry, may use that port: stop it, or set another port"
                        + " in etc/georegistry.properties");
            }
        }
        return Optional.empty();
    }

    private static int port(Function<String, String> settings, String key, int fallback) {
        String value = trim(settings.apply(key));
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(key + "=" + value + " is not a port number (1-65535, or 0 for any free"
                + " port); see etc/georegistry.properties");
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
