package org.georegistry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * The distribution on the newest JDK the machine has besides the build's 17 (this kind of machine carries Temurin's
 * under /usr/lib/jvm; {@code -Dgeoregistry.newer.jdk=/path} names another): an administrator whose {@code java} is
 * newer gets a working server. On Temurin 25 the store stayed DOWN before, as Liquibase's service lookup let the
 * JDK's error for a change type needing opencsv (not shipped) end the migration. Skipped, saying so, where no newer JDK
 * is found.
 */
public class NewerJdkIT {

    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    @Test
    public void theServerStartsMigratesAndStoresOnANewerJdk() throws Exception {
        Optional<Path> jdk = newerJdk();
        assumeTrue("no JDK newer than 17 under /usr/lib/jvm and no -Dgeoregistry.newer.jdk: nothing to run on",
                jdk.isPresent());
        System.out.println("FIGURE newer-jdk " + jdk.get() + " (Java " + feature(jdk.get()) + ")");
        ServerProcess server = ServerProcess.unpack("newer-jdk");
        try {
            // start() waits for /api/me and /api/organizations, which need the store; stopped below even if it never
            // gets there
            System.out.println("FIGURE newer-jdk first-start-ms "
                    + server.start(Map.of("JAVA_HOME", jdk.get().toString())));
            Http admin = server.admin();
            Http.Reply health = admin.get("/api/health");
            assertTrue(health.body(), health.body().contains("\"storage\":\"UP\""));
            Fixture.created(admin.post("/api/organizations", "{\"code\":\"moh\",\"label\":\"MoH\"}"));
            Fixture.created(admin.post("/api/geo-object-types", "{\"code\":\"province\",\"organization\":\"moh\","
                    + "\"label\":\"Province\",\"geometryType\":\"MULTIPOLYGON\"}"));
            Fixture.created(admin.post("/api/geo-objects", "{\"type\":\"province\",\"code\":\"P1\",\"label\":\"North\"}"));
            assertEquals(200, admin.get("/api/geo-objects/province/P1").status());
            String log = server.log();
            assertFalse(log, log.contains("NoClassDefFoundError") || log.contains("ERROR"));
        } finally {
            server.stop();
        }
    }

    private static Optional<Path> newerJdk() throws IOException {
        String named = System.getProperty("georegistry.newer.jdk", "");
        if (!named.isBlank()) {
            return Optional.of(Path.of(named));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(h -> Files.isExecutable(h.resolve("bin/java")) && feature(h) > 17)
                    .max(Comparator.comparingInt(NewerJdkIT::feature));
        }
    }

    /** The JDK's feature release from its {@code release} file; 0 when it has none. */
    private static int feature(Path home) {
        try {
            Matcher m = VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
