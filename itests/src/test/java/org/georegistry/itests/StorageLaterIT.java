package org.georegistry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.georegistry.itests.emulator.FreePort;
import org.junit.Test;

/**
 * The registry's database server comes up after the registry, as PostgreSQL may when a machine boots: the archive is
 * configured for a database server (H2's, over TCP: a real server the test can start when it likes) that does not
 * listen yet. The registry answers health with storage DOWN and every other API path with 503 and Retry-After (not
 * a 404 saying the path does not exist), tries again in the background, and serves the API once the server is up,
 * without a restart. Before, the failed first attempt left the storage DOWN until someone restarted the registry.
 */
public class StorageLaterIT {

    private static final String DB_PASSWORD = "Later-db-secret-81";

    @Test
    public void theRegistryUsesItsDatabaseOnceItComesUp() throws Exception {
        ServerProcess server = ServerProcess.unpack("storage-later");
        int dbPort = FreePort.pick();
        Files.writeString(server.home.resolve("etc/org.georegistry.storage.cfg"), "url=jdbc:h2:tcp://127.0.0.1:" + dbPort
                + "/registry\nuser=sa\npassword=" + DB_PASSWORD + "\n");
        server.launch(Map.of());
        Process database = null;
        try {
            Http anonymous = new Http(server.port);
            Await.until("health answers, storage DOWN", 120_000, () -> {
                Http.Reply health = anonymous.get("/api/health");
                return health.status() == 200 && health.body().contains("\"storage\":\"DOWN\"");
            });
            HttpResponse<String> waiting = server.admin().raw("GET", "/api/geo-object-types", null, null, false);
            assertEquals(waiting.body(), 503, waiting.statusCode());
            assertTrue(waiting.body(), waiting.headers().firstValue("Content-Type").orElse("")
                    .startsWith("application/problem+json") && waiting.body().contains("/api/health"));
            assertEquals("5", waiting.headers().firstValue("Retry-After").orElse(""));
            Await.until("the log says the storage is unavailable and will be tried again", 30_000,
                    () -> server.log().contains("Storage unavailable (") && server.log().contains("trying again in"));

            Path h2 = single(server.home.resolve("lib/bundles"), "h2-");
            database = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    h2.toString(), "org.h2.tools.Server", "-tcp", "-tcpPort", Integer.toString(dbPort), "-ifNotExists",
                    "-baseDir", server.home.resolve("data/h2-server").toString()).inheritIO().start();
            long up = Await.until("the storage is UP once its server is", 120_000,
                    () -> anonymous.get("/api/health").body().contains("\"storage\":\"UP\""));
            System.out.println("FIGURE storage-later up-after-database-start-ms " + up);
            Http admin = server.admin();
            Await.until("the API serves the administrator", 60_000, () -> admin.get("/api/me").status() == 200);
            Fixture.created(admin.post("/api/organizations", "{\"code\":\"moh\",\"label\":\"MoH\"}"));
            assertEquals(200, admin.get("/api/organizations/moh").status());
            String log = server.log();
            assertTrue(log, log.contains("Storage open after "));
            assertFalse("the database password is never logged", log.contains(DB_PASSWORD));
        } finally {
            server.stop();
            if (database != null) {
                database.destroy();
                database.waitFor();
            }
        }
    }

    private static Path single(Path dir, String prefix) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
        }
    }
}
