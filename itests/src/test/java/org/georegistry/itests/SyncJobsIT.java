package org.georegistry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.inject.Inject;
import org.georegistry.itests.broken.SecretCheckingProvider;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The sync framework end to end with the example provider: register a system, configure, run, follow progress
 * over SSE, read history; remove the provider while its configuration exists and bring it back; two
 * organizations do not see each other's systems or jobs.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SyncJobsIT {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return GeoRegistryRuntime.toFork(GeoRegistryRuntime.options("sync"));
    }

    @Test
    public void registerConfigureRunFollowAndSurviveProviderRemoval() throws Exception {
        Http admin = GeoRegistryRuntime.admin(context);
        Bundle example = context.installBundle("file:" + context.getProperty(GeoRegistryRuntime.EXAMPLE_JAR_PROPERTY));
        example.start();
        Await.until("example provider", 5_000, () -> admin.get("/api/providers/example").status() == 200);

        assertEquals(200, status(admin.post("/api/organizations", "{\"code\":\"moh\",\"label\":\"Ministry of Health\"}")));
        Http.Reply unknownType = admin.post("/api/external-systems",
                "{\"id\":\"x\",\"type\":\"nope\",\"organization\":\"moh\",\"label\":\"X\",\"settings\":{}}");
        assertEquals(400, unknownType.status());
        assertTrue(unknownType.body(), unknownType.body().contains("example"));
        Http.Reply badSetting = admin.post("/api/external-systems",
                "{\"id\":\"files\",\"type\":\"example\",\"organization\":\"moh\",\"label\":\"Files\",\"settings\":{\"file\":\"../x\"}}");
        assertEquals(400, badSetting.status());
        assertEquals("settings.file", badSetting.json().path("errors").path(0).path("field").asText());
        assertEquals(404, admin.get("/api/external-systems/files").status());

        // a type with three districts, one without geometry
        Http.Reply type = admin.post("/api/geo-object-types", "{\"code\":\"district\",\"organization\":\"moh\","
                + "\"label\":\"District\",\"geometryType\":\"POINT\"}");
        assertEquals(type.body(), 200, status(type));
        for (String district : new String[] {"BO", "KENEMA"}) {
            Http.Reply o = admin.post("/api/geo-objects", "{\"type\":\"district\",\"code\":\"" + district + "\",\"label\":\""
                    + district + "\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[-11.7,7.9]}}");
            assertEquals(o.body(), 200, status(o));
        }
        assertEquals(200, status(admin.post("/api/geo-objects", "{\"type\":\"district\",\"code\":\"NOGEO\",\"label\":\"No geometry\"}")));

        assertEquals(200, status(admin.post("/api/external-systems",
                "{\"id\":\"files\",\"type\":\"example\",\"organization\":\"moh\",\"label\":\"Files\","
                        + "\"settings\":{\"file\":\"out.geojsonl\"}}")));
        JsonNode config = admin.post("/api/sync-configs", "{\"label\":\"Districts to a file\",\"externalSystem\":\"files\","
                + "\"direction\":\"EXPORT\",\"settings\":{\"types\":\"district\"}}").json();
        long configId = config.path("id").asLong();
        assertTrue(config.toString(), configId > 0);

        Http.Reply run = admin.post("/api/sync-configs/" + configId + "/run", "");
        assertEquals(run.body(), 202, run.status());
        long jobId = run.json().path("id").asLong();
        String done = admin.awaitEvent("/api/jobs/" + jobId + "/events", "done", Duration.ofSeconds(30));
        assertNotNull("a 'done' event arrives", done);
        assertEquals("a warning, no error", "WARNING", Http.JSON.readTree(done).path("status").asText());

        JsonNode job = admin.get("/api/jobs/" + jobId).json();
        assertEquals("WARNING", job.path("status").asText());
        assertEquals(3, job.path("processed").asInt());
        assertEquals(1, job.path("warnings").asInt());
        assertEquals("admin", job.path("createdBy").asText());
        assertNotNull(job.path("finished").asText(null));
        Path out = Path.of(context.getProperty(GeoRegistryRuntime.DATA_PROPERTY), "providers", "example", "files", "out.geojsonl");
        assertTrue("the provider wrote its file", Files.exists(out));
        assertEquals(3, Files.readAllLines(out).size());
        JsonNode history = admin.get("/api/sync-configs/" + configId + "/jobs").json();
        assertEquals(1, history.path("total").asInt());
        JsonNode errors = admin.get("/api/jobs/" + jobId + "/errors").json();
        assertEquals(1, errors.path("total").asInt());
        assertEquals("NOGEO", errors.path("items").path(0).path("objectCode").asText());
        assertEquals("WARNING", errors.path("items").path(0).path("severity").asText());
        JsonNode grouped = admin.get("/api/jobs/" + jobId + "/errors?grouped=true").json();
        assertEquals("NO_GEOMETRY", grouped.path(0).path("code").asText());
        assertEquals("NOGEO", grouped.path(0).path("objectCodes").path(0).asText());
        assertEquals(400, admin.get("/api/jobs/" + jobId + "/errors?pageSize=0").status());

        // the next run is incremental: it starts from the last success
        long second = admin.post("/api/sync-configs/" + configId + "/run?dryRun=true", "").json().path("id").asLong();
        Await.until("second job ends", 30_000, () -> admin.get("/api/jobs/" + second).json().path("finished").isTextual());
        JsonNode secondJob = admin.get("/api/jobs/" + second).json();
        assertEquals("nothing changed since the last success", 0, secondJob.path("processed").asInt());
        assertEquals("SUCCESS", secondJob.path("status").asText());
        assertFalse(secondJob.path("fullRun").asBoolean());
        assertTrue(secondJob.path("dryRun").asBoolean());
        assertNotNull(secondJob.path("changedSince").asText(null));

        // provider removed: the system stays, marked unavailable, and runs are refused with a clear message
        example.uninstall();
        Await.until("provider gone", 5_000, () -> admin.get("/api/providers/example").status() == 404);
        assertFalse(admin.get("/api/external-systems/files").json().path("providerAvailable").asBoolean());
        Http.Reply refused = admin.post("/api/sync-configs/" + configId + "/run", "");
        assertEquals(409, refused.status());
        assertTrue(refused.body(), refused.json().path("detail").asText().contains("not installed"));

        // and back without restart
        Bundle again = context.installBundle("file:" + context.getProperty(GeoRegistryRuntime.EXAMPLE_JAR_PROPERTY));
        again.start();
        Await.until("provider back", 5_000, () -> admin.get("/api/providers/example").status() == 200);
        assertTrue(admin.get("/api/external-systems/files").json().path("providerAvailable").asBoolean());
        Http.Reply third = admin.post("/api/sync-configs/" + configId + "/run?full=true", "");
        assertEquals(third.body(), 202, third.status());
        long thirdId = third.json().path("id").asLong();
        Await.until("third job ends", 30_000, () -> admin.get("/api/jobs/" + thirdId).json().path("finished").isTextual());
        JsonNode thirdJob = admin.get("/api/jobs/" + thirdId).json();
        assertTrue(thirdJob.path("fullRun").asBoolean());
        assertEquals("a full run takes everything again", 3, thirdJob.path("processed").asInt());

        // another organization's administrator sees neither the system nor its jobs
        assertEquals(200, status(admin.post("/api/organizations", "{\"code\":\"other\",\"label\":\"Other\"}")));
        assertEquals(200, status(admin.post("/api/users",
                "{\"username\":\"ra-other\",\"password\":\"correct horse battery\",\"organization\":\"other\",\"roles\":[\"RA\"]}")));
        Http other = new Http(Integer.parseInt(context.getProperty(GeoRegistryRuntime.PORT_PROPERTY)))
                .as("ra-other", "correct horse battery");
        assertEquals(0, other.get("/api/external-systems").json().path("total").asInt());
        assertEquals(404, other.get("/api/external-systems/files").status());
        assertEquals(404, other.get("/api/jobs/" + jobId).status());
        assertEquals(404, other.post("/api/sync-configs/" + configId + "/run", "").status());
    }

    @Test
    public void secretsAreWriteOnlyKeptWhenOmittedAndNeverLogged() throws Exception {
        Http admin = GeoRegistryRuntime.admin(context);
        Path jar = Path.of(context.getProperty(GeoRegistryRuntime.DEPLOY_PROPERTY)).resolveSibling("secret-check.jar");
        Jars.providerBundle(jar, "itest.secret", SecretCheckingProvider.TYPE, SecretCheckingProvider.class);
        Bundle bundle = context.installBundle(jar.toUri().toString());
        bundle.start();
        Await.until("secret-check provider", 5_000, () -> admin.get("/api/providers/secret-check").status() == 200);
        String secret = SecretCheckingProvider.ACCEPTED_PASSWORD;
        assertEquals(200, status(admin.post("/api/organizations", "{\"code\":\"sec\",\"label\":\"Secrets\"}")));

        Http.Reply invalid = admin.post("/api/external-systems", "{\"id\":\"peer\",\"type\":\"secret-check\","
                + "\"organization\":\"sec\",\"label\":\"Peer\",\"settings\":{\"url\":\"not a url\",\"password\":\"" + secret + "\"}}");
        assertEquals(400, invalid.status());
        assertFalse(invalid.body().contains(secret));

        Http.Reply created = admin.post("/api/external-systems", "{\"id\":\"peer\",\"type\":\"secret-check\","
                + "\"organization\":\"sec\",\"label\":\"Peer\",\"settings\":{\"url\":\"https://peer.example.org\","
                + "\"password\":\"" + secret + "\"}}");
        assertEquals(created.body(), 200, status(created));
        assertFalse(created.body().contains(secret));
        JsonNode shown = admin.get("/api/external-systems/peer").json();
        assertTrue(shown.toString(), shown.path("secrets").path("password").path("set").asBoolean());
        assertTrue(shown.path("settings").path("password").isMissingNode());
        assertFalse(admin.get("/api/external-systems").body().contains(secret));
        assertTrue("the provider gets the stored secret", admin.post("/api/external-systems/peer/test", "").json().path("ok").asBoolean());

        // an update that omits the secret keeps it
        Http.Reply updated = admin.put("/api/external-systems/peer", "{\"id\":\"peer\",\"type\":\"secret-check\","
                + "\"organization\":\"sec\",\"label\":\"Peer renamed\",\"settings\":{\"url\":\"https://peer.example.org\"}}");
        assertEquals(updated.body(), 200, updated.status());
        assertTrue(admin.post("/api/external-systems/peer/test", "").json().path("ok").asBoolean());
        // one that sends another replaces it
        admin.put("/api/external-systems/peer", "{\"id\":\"peer\",\"type\":\"secret-check\",\"organization\":\"sec\","
                + "\"label\":\"Peer\",\"settings\":{\"url\":\"https://peer.example.org\",\"password\":\"wrong-one\"}}");
        assertFalse(admin.post("/api/external-systems/peer/test", "").json().path("ok").asBoolean());

        String log = Files.readString(Path.of(context.getProperty(GeoRegistryRuntime.LOG_PROPERTY)));
        assertTrue("the log file is written", log.contains("Sync provider 'secret-check' available"));
        assertFalse("no secret in the log", log.contains(secret) || log.contains("wrong-one"));
        bundle.uninstall();
    }

    /** 200 and 201 both mean created here. */
    private static int status(Http.Reply reply) {
        return reply.status() == 201 ? 200 : reply.status();
    }
}
