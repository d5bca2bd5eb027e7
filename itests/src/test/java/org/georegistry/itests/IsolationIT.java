package org.georegistry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import javax.inject.Inject;
import org.georegistry.itests.isolation.DescribeThrowingProvider;
import org.georegistry.itests.isolation.MisbehavingProvider;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Providers that throw, throw an Error, block forever (deaf to interrupts or not), are removed while their job
 * runs, or fail to describe themselves: each job ends with a clear error within its timeout (PID
 * org.georegistry.jobs, timeoutSeconds set to {@value #TIMEOUT_S} here), cancellation interrupts the worker,
 * another provider's jobs go on meanwhile, and no request answers 500.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class IsolationIT {

    static final int TIMEOUT_S = 4;
    static final int GRACE_S = 2;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return GeoRegistryRuntime.toFork(GeoRegistryRuntime.options("isolation"));
    }

    private Http admin;
    private Fixture fixture;

    private void setUp() throws Exception {
        var ref = context.getServiceReference(ConfigurationAdmin.class);
        var config = context.getService(ref).getConfiguration("org.georegistry.jobs", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("timeoutSeconds", (long) TIMEOUT_S);
        props.put("cancelGraceSeconds", (long) GRACE_S);
        config.update(props);
        // the engine is re-activated with it: its service then carries the configured properties
        Await.until("jobs timeout configured", 20_000, () -> {
            try {
                return context.getServiceReferences((String) null,
                        "(&(service.pid=org.georegistry.jobs)(timeoutSeconds=" + TIMEOUT_S + "))") != null;
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
        });
        Http http = GeoRegistryRuntime.admin(context);
        Await.until("the REST API has its resources again", 20_000, () -> http.get("/api/sync-configs").status() == 200);
        fixture = new Fixture(context);
        admin = fixture.admin;
        Path jar = Path.of(context.getProperty(GeoRegistryRuntime.DEPLOY_PROPERTY)).resolveSibling("misbehaving.jar");
        Jars.providerBundle(jar, "itest.misbehaving", MisbehavingProvider.TYPE, MisbehavingProvider.class);
        Bundle bundle = context.installBundle(jar.toUri().toString());
        bundle.start();
        Await.until("misbehaving provider", 10_000, () -> admin.get("/api/providers/misbehaving").status() == 200);
        Fixture.created(admin.post("/api/external-systems", "{\"id\":\"bad\",\"type\":\"misbehaving\",\"organization\":"
                + "\"moh\",\"label\":\"Bad\",\"settings\":{}}"));
    }

    private long config(String mode) {
        Http.Reply r = admin.post("/api/sync-configs", "{\"label\":\"" + mode + "\",\"externalSystem\":\"bad\","
                + "\"direction\":\"EXPORT\",\"settings\":{\"mode\":\"" + mode + "\"}}");
        Fixture.created(r);
        return r.json().path("id").asLong();
    }

    private long run(long configId) {
        Http.Reply r = admin.post("/api/sync-configs/" + configId + "/run", "");
        assertEquals(r.body(), 202, r.status());
        return r.json().path("id").asLong();
    }

    private JsonNode awaitEnd(long jobId, long capMillis) {
        Await.until("job " + jobId + " ends", capMillis, () -> admin.get("/api/jobs/" + jobId).json().path("finished").isTextual());
        return admin.get("/api/jobs/" + jobId).json();
    }

    @Test
    public void misbehavingProvidersEndTheirJobsAndNothingElse() throws Exception {
        setUp();
        long blockConfig = config("block");
        long example = fixture.configIds.get("moh");

        // a provider deaf to interrupts: its job times out; the example provider's job runs meanwhile
        long started = System.nanoTime();
        long blocked = run(blockConfig);
        JsonNode other = awaitEnd(run(example), 20_000);
        assertEquals("another provider's job is not held up", "SUCCESS", other.path("status").asText());
        assertEquals("RUNNING", admin.get("/api/jobs/" + blocked).json().path("status").asText());
        JsonNode timedOut = awaitEnd(blocked, (TIMEOUT_S + 10) * 1000L);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("FIGURE isolation blocked job ended after %.1f s (timeout %d s)%n", seconds, TIMEOUT_S);
        assertEquals("FAILURE", timedOut.path("status").asText());
        assertEquals("TIMED_OUT", timedOut.path("stage").asText());
        assertTrue(timedOut.toString(), timedOut.path("message").asText().contains("did not finish within"));
        assertTrue("within its timeout and a check", seconds < TIMEOUT_S + 3);
        // its thread is still stuck in the provider, yet the slot is free again, twice over (two workers)
        long again = run(blockConfig);
        assertEquals("SUCCESS", awaitEnd(run(example), 20_000).path("status").asText());
        assertEquals("TIMED_OUT", awaitEnd(again, (TIMEOUT_S + 10) * 1000L).path("stage").asText());

        // an interruptible provider is interrupted when its job times out
        long waitConfig = config("wait");
        JsonNode waited = awaitEnd(run(waitConfig), (TIMEOUT_S + 10) * 1000L);
        assertEquals("TIMED_OUT", waited.path("stage").asText());
        Path marker = Path.of(context.getProperty(GeoRegistryRuntime.DATA_PROPERTY), "providers", "misbehaving", "bad",
                "interrupted");
        Await.until("the provider saw the interrupt", 5_000, () -> Files.exists(marker));

        // an exception and an Error both end the job with the provider's message
        JsonNode thrown = awaitEnd(run(config("throw")), 20_000);
        assertEquals("FAILURE", thrown.path("status").asText());
        assertEquals("the peer exploded", thrown.path("message").asText());
        JsonNode error = awaitEnd(run(config("error")), 20_000);
        assertEquals("FAILURE", error.path("status").asText());
        assertEquals("StackOverflowError", error.path("message").asText());

        // cancellation: a cooperative provider stops at once, a deaf one is left behind after the grace period
        long slowConfig = config("slow");
        long slow = run(slowConfig);
        Await.until("slow job runs", 10_000, () -> "RUNNING".equals(admin.get("/api/jobs/" + slow).json().path("status").asText()));
        assertEquals(200, admin.post("/api/jobs/" + slow + "/cancel", "").status());
        assertEquals("CANCELLED", awaitEnd(slow, 5_000).path("status").asText());
        long deaf = run(blockConfig);
        Await.until("deaf job runs", 10_000, () -> "RUNNING".equals(admin.get("/api/jobs/" + deaf).json().path("status").asText()));
        long cancelAt = System.nanoTime();
        assertEquals(200, admin.post("/api/jobs/" + deaf + "/cancel", "").status());
        JsonNode cancelled = awaitEnd(deaf, (GRACE_S + 5) * 1000L);
        assertEquals("CANCELLED", cancelled.path("status").asText());
        assertTrue(cancelled.path("message").asText().contains("did not stop"));
        System.out.printf("FIGURE isolation deaf job cancelled after %.1f s (grace %d s)%n",
                (System.nanoTime() - cancelAt) / 1e9, GRACE_S);

        // the provider removed while its job runs: the job ends at once, saying so
        long removed = run(slowConfig);
        Await.until("slow job runs", 10_000, () -> "RUNNING".equals(admin.get("/api/jobs/" + removed).json().path("status").asText()));
        Bundle provider = java.util.Arrays.stream(context.getBundles())
                .filter(b -> "itest.misbehaving".equals(b.getSymbolicName())).findFirst().orElseThrow();
        long removing = System.nanoTime();
        provider.uninstall();
        JsonNode gone = awaitEnd(removed, 5_000);
        System.out.printf("FIGURE isolation job of a removed provider ended after %.1f s%n", (System.nanoTime() - removing) / 1e9);
        assertEquals("FAILURE", gone.path("status").asText());
        assertEquals("PROVIDER_REMOVED", gone.path("stage").asText());
        assertTrue(gone.path("message").asText().contains("removed while the job ran"));

        // and after all this the registry still reads and writes
        assertEquals("SUCCESS", awaitEnd(run(example), 20_000).path("status").asText());
        Fixture.created(admin.post("/api/geo-objects", "{\"type\":\"district-moh\",\"code\":\"AFTER\",\"label\":\"After\"}"));
        assertEquals("UP", admin.get("/api/health").json().path("status").asText());
    }

    @Test
    public void aProviderThatCannotDescribeItselfCausesNo500() throws Exception {
        Http http = GeoRegistryRuntime.admin(context);
        Path jar = Path.of(context.getProperty(GeoRegistryRuntime.DEPLOY_PROPERTY)).resolveSibling("describe.jar");
        Jars.providerBundle(jar, "itest.describe", DescribeThrowingProvider.TYPE, DescribeThrowingProvider.class);
        Bundle bundle = context.installBundle(jar.toUri().toString());
        bundle.start();
        try {
            Await.until("provider listed", 10_000, () -> http.get("/api/providers").body().contains(DescribeThrowingProvider.TYPE));
            Http.Reply list = http.get("/api/providers");
            assertEquals(200, list.status());
            assertTrue(list.body(), list.body().contains("failing"));
            assertEquals(200, http.get("/api/providers/" + DescribeThrowingProvider.TYPE).status());
            Http.Reply validate = http.post("/api/providers/" + DescribeThrowingProvider.TYPE + "/validate", "{}");
            assertEquals(validate.body(), 502, validate.status());
            assertTrue(validate.contentType().startsWith("application/problem+json"));
            assertTrue(validate.body(), validate.json().path("detail").asText().contains(DescribeThrowingProvider.TYPE));
            Fixture.created(http.post("/api/organizations", "{\"code\":\"desc\",\"label\":\"Describe\"}"));
            Http.Reply system = http.post("/api/external-systems", "{\"id\":\"d\",\"type\":\"" + DescribeThrowingProvider.TYPE
                    + "\",\"organization\":\"desc\",\"label\":\"D\",\"settings\":{}}");
            assertEquals(system.body(), 502, system.status());
            assertEquals(200, http.get("/api/external-systems").status());
            assertEquals("UP", http.get("/api/health").json().path("status").asText());
        } finally {
            bundle.uninstall();
        }
    }
}
