package org.georegistry.itests.emulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port for a server that a test starts later (a forked framework, a server process). A port from
 * {@code new ServerSocket(0)} comes from Linux's ephemeral range (32768 and up), from which every outgoing
 * connection and every other {@code bind(0)} on the machine also take theirs, so one of them can take it in the
 * seconds before the server binds it; the server then fails to start while the test talks to a stranger. These
 * ports lie below that range, and above Pax Exam's RMI ports (21000-21099). A port is handed out once per JVM: two
 * picks made before either server binds (HTTP and HTTPS of one framework, say) would otherwise both find it free.
 * Test JVMs that run side by side (the integration tests' two forks, the browser tests beside them) each pick from
 * their own eighth of the range, set by {@code freeport.slice} (their fork number, taken modulo 8), for the same
 * reason. Maven's fork numbers are unique among the forks that run at the same time in one build, parallel modules
 * included: a clean-clone run once gave the integration tests fork number 3, when the browser tests had slice 3 set.
 */
public final class FreePort {

    private static final int SLICES = 8;
    private static final int SLICE = 10_000 / SLICES;
    private static final int FROM = 22_000 + SLICE * Math.floorMod(Integer.getInteger("freeport.slice", 0), SLICES);
    private static final int TO = FROM + SLICE;

    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private FreePort() {}

    /** A port in this JVM's slice of 22000-31999 that nothing listens on now and no earlier pick here returned. */
    public static int pick() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FROM, TO);
            if (!GIVEN.add(port)) {
                continue; // handed out before
            }
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(port));
                return port;
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new IllegalStateException("No free port in " + FROM + "-" + (TO - 1) + " after 200 tries");
    }
}
