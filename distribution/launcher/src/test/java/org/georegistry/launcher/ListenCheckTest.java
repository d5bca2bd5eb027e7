package org.georegistry.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class ListenCheckTest {

    private static List<ListenCheck.Listener> listeners(Map<String, String> settings) {
        return ListenCheck.listeners(settings::get);
    }

    @Test
    void httpOnTheConfiguredHostAndPortAndHttpsOnlyWhenEnabled() {
        assertEquals(List.of(new ListenCheck.Listener("127.0.0.1", 8181, ListenCheck.HTTP_PORT)),
                listeners(Map.of(ListenCheck.HOST, "127.0.0.1", ListenCheck.HTTP_PORT, " 8181 ")));
        assertEquals(List.of(new ListenCheck.Listener(null, 8080, ListenCheck.HTTP_PORT),
                new ListenCheck.Listener(null, 8443, ListenCheck.HTTPS_PORT)),
                listeners(Map.of(ListenCheck.HTTPS_ENABLE, "true")), "Felix HTTP's default ports");
        assertEquals(List.of(new ListenCheck.Listener(null, 9443, ListenCheck.HTTPS_PORT)), listeners(Map.of(
                ListenCheck.HTTP_ENABLE, "false", ListenCheck.HTTPS_ENABLE, "true", ListenCheck.HTTPS_PORT, "9443")));
    }

    @Test
    void aPortThatIsNotANumberIsNamedWithItsSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> listeners(Map.of(ListenCheck.HTTP_PORT, "81x1")));
        assertTrue(e.getMessage().startsWith("org.osgi.service.http.port=81x1 is not a port number"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> listeners(Map.of(ListenCheck.HTTP_PORT, "70000")));
    }

    @Test
    void aTakenPortIsReportedWithTheAddressAndTheSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Optional<String> problem = ListenCheck.problem(
                    List.of(new ListenCheck.Listener("127.0.0.1", port, ListenCheck.HTTP_PORT)));
            assertTrue(problem.isPresent());
            assertTrue(problem.get().startsWith("cannot listen on 127.0.0.1:" + port + " (org.osgi.service.http.port)"),
                    problem.get());
        }
    }

    @Test
    void aFreePortAndPortZeroPass() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        assertEquals(Optional.empty(), ListenCheck.problem(List.of(
                new ListenCheck.Listener("127.0.0.1", port, ListenCheck.HTTP_PORT),
                new ListenCheck.Listener("127.0.0.1", 0, ListenCheck.HTTPS_PORT))));
    }

    @Test
    void anUnknownHostIsNamed() {
        Optional<String> problem = ListenCheck.problem(
                List.of(new ListenCheck.Listener("no-such-host.invalid", 8181, ListenCheck.HTTP_PORT)));
        assertTrue(problem.orElse("").contains("org.apache.felix.http.host=no-such-host.invalid is not a known host"),
                problem.toString());
    }
}
