package org.georegistry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.inject.Inject;
import org.georegistry.itests.isolation.ChurningProvider;
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
 * 50 clients at once for {@value #DEFAULT_SECONDS} s, the issue's floor ({@code -Dgeoregistry.concurrency.seconds=N}
 * to change it), 25 writing and 25 reading, while a sync job records external ids of the same objects the whole time:
 * no answer but 2xx and the expected 409s, no deadlock (the JVM's detector, and every request answered), and
 * afterwards the data is what the clients' own records say it must be. Prints the figures.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConcurrencyIT {

    static final int DEFAULT_SECONDS = 60;
    static final int CLIENTS = 50;
    static final int SITES = 200;

    @Inject
    private BundleContext context;

    /** The slowest request of a kind: how long it took, and when it ended (seconds into the run). */
    private record Slowest(long ms, long at) {
        @Override
        public String toString() {
            return ms + " ms at +" + at + " s";
        }
    }

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(GeoRegistryRuntime.optionsUnderLoad("concurrency"));
        options.add(org.ops4j.pax.exam.CoreOptions.systemProperty("georegistry.concurrency.seconds")
                .value(Integer.toString(Integer.getInteger("georegistry.concurrency.seconds", DEFAULT_SECONDS))));
        return GeoRegistryRuntime.toFork(options);
    }

    @Test
    public void fiftyClientsAndASyncLeaveConsistentData() throws Exception {
        int seconds = Integer.parseInt(context.getProperty("georegistry.concurrency.seconds"));
        Fixture f = new Fixture(context);
        Http admin = f.admin;
        Fixture.created(admin.post("/api/geo-object-types", "{\"code\":\"site-moh\",\"organization\":\"moh\",\"label\":"
                + "\"Site\",\"geometryType\":\"POINT\",\"attributes\":[{\"code\":\"counter\",\"label\":\"Counter\","
                + "\"type\":\"integer\"}]}"));
        for (int k = 0; k < SITES; k++) {
            Fixture.created(admin.post("/api/geo-objects", site(k, "initial", 0)));
        }
        Path jar = Path.of(context.getProperty(GeoRegistryRuntime.DEPLOY_PROPERTY)).resolveSibling("churning.jar");
        Jars.providerBundle(jar, "itest.churning", ChurningProvider.TYPE, ChurningProvider.class);
        Bundle churning = context.installBundle(jar.toUri().toString());
        churning.start();
        Await.until("churning provider", 10_000, () -> admin.get("/api/providers/churning").status() == 200);
        Fixture.created(admin.post("/api/external-systems", "{\"id\":\"churn\",\"type\":\"churning\",\"organization\":"
                + "\"moh\",\"label\":\"Churn\",\"settings\":{}}"));
        Http.Reply config = admin.post("/api/sync-configs", "{\"label\":\"Churn\",\"externalSystem\":\"churn\","
                + "\"direction\":\"EXPORT\",\"settings\":{\"type\":\"site-moh\"}}");
        Fixture.created(config);
        long configId = config.json().path("id").asLong();
        long job = admin.post("/api/sync-configs/" + configId + "/run", "").json().path("id").asLong();
        Await.until("the sync runs", 10_000, () -> admin.get("/api/jobs/" + job).json().path("processed").asLong() > 0);

        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        AtomicLong requests = new AtomicLong();
        AtomicLong slowest = new AtomicLong();
        Map<String, Slowest> slowestByOp = new ConcurrentHashMap<>();
        Map<Integer, Set<String>> labelsWritten = new ConcurrentHashMap<>();
        Map<String, String> expectedObjects = new ConcurrentHashMap<>();
        Set<String> deleted = ConcurrentHashMap.newKeySet();
        long end = System.currentTimeMillis() + seconds * 1000L;
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            boolean writer = c % 2 == 0;
            Http http = writer ? f.user(c % 4 == 0 ? "ra-moh" : "rm-moh") : f.user(c % 4 == 1 ? "rc-moh" : "consumer-moh");
            pool.execute(() -> {
                Random random = new Random(client);
                List<String> mine = new ArrayList<>();
                for (int n = 0; System.currentTimeMillis() < end; n++) {
                    long t0 = System.nanoTime();
                    Http.Reply r;
                    String op;
                    if (writer) {
                        int dice = random.nextInt(10);
                        if (dice < 4) {
                            int k = random.nextInt(SITES);
                            String label = "c" + client + "-" + n;
                            labelsWritten.computeIfAbsent(k, x -> ConcurrentHashMap.newKeySet()).add(label);
                            op = "PUT site";
                            r = http.put("/api/geo-objects/site-moh/S" + k, site(k, label, n));
                        } else if (dice < 7) {
                            String code = "W" + client + "-" + n;
                            op = "POST object";
                            r = http.post("/api/geo-objects", "{\"type\":\"district-moh\",\"code\":\"" + code
                                    + "\",\"label\":\"" + code + "\",\"parents\":{\"admin-moh\":\"P1\"}}");
                            if (r.status() == 201) {
                                mine.add(code);
                                expectedObjects.put(code, code);
                            }
                        } else if (dice < 8 && !mine.isEmpty()) {
                            String code = mine.remove(random.nextInt(mine.size()));
                            op = "DELETE object";
                            r = http.delete("/api/geo-objects/district-moh/" + code);
                            if (r.status() == 204) {
                                expectedObjects.remove(code);
                                deleted.add(code);
                            }
                        } else if (dice < 9) {
                            // the same code from everyone: one wins, the others get the expected 409
                            op = "POST contested";
                            r = http.post("/api/geo-objects", "{\"type\":\"district-moh\",\"code\":\"SAME" + (n % 50)
                                    + "\",\"label\":\"Same\"}");
                        } else {
                            op = "PUT external id";
                            r = http.put("/api/geo-objects/site-moh/S" + random.nextInt(SITES)
                                    + "/external-ids/files-moh", "{\"externalId\":\"F" + client + "-" + n + "\"}");
                        }
                    } else {
                        int dice = random.nextInt(5);
                        op = List.of("GET site page", "GET site", "GET children", "GET job", "GET district page").get(dice);
                        r = switch (dice) {
                            case 0 -> http.get("/api/geo-objects?type=site-moh&pageSize=100&page=" + (1 + random.nextInt(2)));
                            case 1 -> http.get("/api/geo-objects/site-moh/S" + random.nextInt(SITES));
                            case 2 -> http.get("/api/geo-objects/province-moh/P1/children?pageSize=100");
                            case 3 -> http.get("/api/jobs/" + job);
                            default -> http.get("/api/geo-objects?type=district-moh&pageSize=50");
                        };
                    }
                    long took = (System.nanoTime() - t0) / 1_000_000;
                    slowest.accumulateAndGet(took, Math::max);
                    long at = (System.currentTimeMillis() - (end - seconds * 1000L)) / 1000;
                    slowestByOp.merge(op, new Slowest(took, at), (a, b) -> a.ms() >= b.ms() ? a : b);
                    requests.incrementAndGet();
                    statuses.computeIfAbsent(r.status(), x -> new AtomicInteger()).incrementAndGet();
                    boolean expected = r.status() >= 200 && r.status() < 300 || r.status() == 409 && op.equals("POST contested");
                    if (!expected) {
                        errors.add(op + " -> " + r.status() + " " + HostileInputIT.cut(r.body()));
                    }
                }
            });
        }
        pool.shutdown();
        boolean finished = pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
        long[] deadlocked = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
        JsonNode running = admin.get("/api/jobs/" + job).json();
        System.out.printf("FIGURE concurrency %d clients, %d s, %d requests (%.0f/s), slowest %d ms, statuses %s, "
                + "unexpected %d; sync processed %d meanwhile%n", CLIENTS, seconds, requests.get(),
                requests.get() / (double) seconds, slowest.get(), new TreeMap<>(statuses), errors.size(),
                running.path("processed").asLong());
        System.out.printf("FIGURE concurrency slowest by request: %s%n", new TreeMap<>(slowestByOp));
        assertTrue("every client finished: no request hung", finished);
        assertNull("no deadlocked threads", deadlocked);
        assertEquals("only 2xx and the contested 409s:\n" + String.join("\n", HostileInputIT.first(errors)), 0, errors.size());
        assertEquals("the sync was still running", "RUNNING", running.path("status").asText());
        assertEquals(200, admin.post("/api/jobs/" + job + "/cancel", "").status());
        Await.until("the sync stops", 10_000, () -> admin.get("/api/jobs/" + job).json().path("finished").isTextual());
        assertEquals("CANCELLED", admin.get("/api/jobs/" + job).json().path("status").asText());

        // consistent: what the clients created exists, what they deleted does not, every site holds a label someone
        // wrote to it, its counter matches that label's request, and the sync's external id of the last round
        for (String code : expectedObjects.keySet()) {
            assertEquals(code, 200, admin.get("/api/geo-objects/district-moh/" + code).status());
        }
        for (String code : deleted) {
            assertEquals(code, 404, admin.get("/api/geo-objects/district-moh/" + code).status());
        }
        int contested = 0;
        for (int n = 0; n < 50; n++) {
            contested += admin.get("/api/geo-objects/district-moh/SAME" + n).status() == 200 ? 1 : 0;
        }
        long districts = admin.get("/api/geo-objects?type=district-moh&pageSize=1").json().path("total").asLong();
        assertEquals("no object lost or doubled", 3 + expectedObjects.size() + contested, districts);
        for (int k = 0; k < SITES; k++) {
            JsonNode site = admin.get("/api/geo-objects/site-moh/S" + k).json();
            String label = site.path("label").path("default").asText(site.path("label").asText());
            Set<String> written = labelsWritten.getOrDefault(k, Set.of("initial"));
            assertTrue("S" + k + " holds " + label, written.contains(label) || label.equals("initial"));
            if (!label.equals("initial")) {
                assertEquals("S" + k + ": counter and label from one request", label.substring(label.indexOf('-') + 1),
                        site.path("attributes").path("counter").asText());
            }
            assertTrue("S" + k + " has the sync's id", site.path("externalIds").path("churn").asText().startsWith("R"));
        }
        System.out.println("FIGURE concurrency consistent: " + expectedObjects.size() + " created objects present, "
                + deleted.size() + " deleted absent, " + contested + " contested codes created once each");
        churning.uninstall();
    }

    private static String site(int k, String label, int counter) {
        return "{\"type\":\"site-moh\",\"code\":\"S" + k + "\",\"label\":\"" + label + "\",\"geometry\":{\"type\":\"Point\","
                + "\"coordinates\":[1,1]},\"attributes\":{\"counter\":" + counter + "}}";
    }
}
