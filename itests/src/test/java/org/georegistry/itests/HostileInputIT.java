package org.georegistry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * At least 10,000 generated malformed and adversarial requests ({@link Attacks}) across every endpoint, as an
 * administrator so that nothing is refused for want of rights: no 500, every API error a problem body, nothing
 * stored by a rejected request (every listing compared before and after, item by item), and the server healthy
 * and writable afterwards. Prints the figures.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HostileInputIT {

    static final int REQUESTS = Integer.getInteger("georegistry.hostile.requests", 10_000);
    static final long SEED = Long.getLong("georegistry.hostile.seed", 20261122L);

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return GeoRegistryRuntime.toFork(GeoRegistryRuntime.options("hostile"));
    }

    @Test
    public void tenThousandHostileRequestsChangeNothingAndNeverFailTheServer() throws Exception {
        Fixture f = new Fixture(context);
        long adminId = f.admin.get("/api/me").json().path("id").asLong();
        Map<String, String> before = State.of(f);
        Attacks attacks = new Attacks(SEED, f, adminId);
        List<Attacks.Attack> all = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            all.add(attacks.next());
        }
        for (int i = 0; i < 10; i++) {
            all.add(attacks.oversized(i % 2 == 1));
        }

        Map<Integer, AtomicInteger> histogram = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> byKind = new ConcurrentHashMap<>();
        List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
        List<String> notProblems = Collections.synchronizedList(new ArrayList<>());
        List<String> unexpectedlyAccepted = Collections.synchronizedList(new ArrayList<>());
        Set<String> touched = ConcurrentHashMap.newKeySet();
        AtomicInteger connectionFailures = new AtomicInteger();
        List<String> sentAgain = Collections.synchronizedList(new ArrayList<>());
        java.util.Queue<Slow> timed = new java.util.concurrent.ConcurrentLinkedQueue<>();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (Attacks.Attack a : all) {
            pool.execute(() -> {
                long sent = System.nanoTime();
                HttpResponse<String> r = f.admin.raw(a.method(), a.path(), a.contentType(), a.body(), a.chunked());
                if (r == null && !a.kind().startsWith("oversized")) {
                    // lost on a kept-alive connection the server closed under it: sent again, and counted
                    sentAgain.add(describe(a));
                    r = f.admin.rawAgain(a.method(), a.path(), a.contentType(), a.body(), a.chunked());
                }
                timed.add(new Slow((System.nanoTime() - sent) / 1_000_000, a.kind() + " " + a.method() + " "
                        + cut(a.path()) + " (" + (a.body() == null ? 0 : a.body().length) + " bytes)"));
                byKind.computeIfAbsent(a.kind(), k -> new AtomicInteger()).incrementAndGet();
                if (r == null) {
                    // only an oversized body may be cut off: the server answers 413 and closes while it is sent
                    connectionFailures.incrementAndGet();
                    if (!a.kind().startsWith("oversized")) {
                        serverErrors.add("connection failed: " + describe(a));
                    }
                    return;
                }
                int status = r.statusCode();
                histogram.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                if (status >= 500) {
                    serverErrors.add(status + " " + describe(a) + " -> " + cut(r.body()));
                } else if (status >= 400 && !a.method().equals("HEAD") && !r.headers().firstValue("Content-Type")
                        .orElse("").startsWith("application/problem+json")) {
                    // Jetty's own refusals (ambiguous or malformed paths, oversized headers) included
                    notProblems.add(status + " " + describe(a) + " -> " + r.headers().firstValue("Content-Type")
                            .orElse("(none)") + " " + cut(r.body()));
                } else if (status < 300 && !a.method().equals("GET") && !a.method().equals("HEAD")
                        && !a.method().equals("OPTIONS")) {
                    if (a.kind().equals("invalid-geojson")) {
                        unexpectedlyAccepted.add(status + " " + describe(a));
                    }
                    if (a.touches() == null) {
                        if (!a.path().endsWith("/validate") && !a.path().endsWith("/test")) {
                            unexpectedlyAccepted.add(status + " " + describe(a));
                        }
                    } else {
                        touched.add(touchedKey(a, r));
                    }
                }
            });
        }
        pool.shutdown();
        assertTrue("the requests finish", pool.awaitTermination(15, TimeUnit.MINUTES));
        double seconds = (System.nanoTime() - started) / 1e9;

        Map<String, String> after = State.of(f);
        List<String> changedByRejected = new ArrayList<>();
        Set<String> keys = new java.util.TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            if (!java.util.Objects.equals(before.get(key), after.get(key)) && touched.stream().noneMatch(key::startsWith)) {
                changedByRejected.add(key + ": " + cut(String.valueOf(before.get(key))) + " -> "
                        + cut(String.valueOf(after.get(key))));
            }
        }

        System.out.printf("FIGURE hostile requests %d in %.1f s (%.0f/s), seed %d%n", all.size(), seconds,
                all.size() / seconds, SEED);
        System.out.println("FIGURE hostile status histogram " + new TreeMap<>(histogram));
        System.out.println("FIGURE hostile requests by kind " + new TreeMap<>(byKind));
        System.out.println("FIGURE hostile slowest " + timed.stream()
                .sorted(java.util.Comparator.comparingLong(Slow::millis).reversed()).limit(8).toList());
        System.out.println("FIGURE hostile 5xx " + serverErrors.size() + ", connection failures (oversized only) "
                + connectionFailures.get() + ", 4xx without problem body " + notProblems.size()
                + ", sent again on a new connection " + sentAgain.size() + " " + first(sentAgain)
                + ", accepted writes (allowed, excused from the comparison) " + touched.size()
                + ", changes by rejected requests " + changedByRejected.size());
        assertEquals("5xx or failed connections:\n" + String.join("\n", first(serverErrors)), 0, serverErrors.size());
        assertEquals("4xx without a problem body:\n" + String.join("\n", first(notProblems)), 0, notProblems.size());
        assertEquals("accepted though they can only be wrong:\n" + String.join("\n", first(unexpectedlyAccepted)), 0,
                unexpectedlyAccepted.size());
        assertEquals("changed by rejected requests:\n" + String.join("\n", first(changedByRejected)), 0,
                changedByRejected.size());

        // still healthy and writable
        JsonNode health = f.admin.get("/api/health").json();
        assertEquals("UP", health.path("status").asText());
        Fixture.created(f.admin.post("/api/geo-objects", "{\"type\":\"district-moh\",\"code\":\"AFTER\",\"label\":\"After\","
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[0.5,0.5]}}"));
        assertEquals(200, f.admin.get("/api/geo-objects/district-moh/AFTER").status());
    }

    /** A request's time to its whole answer. */
    private record Slow(long millis, String request) {
        @Override
        public String toString() {
            return millis + " ms " + request;
        }
    }

    /** What an accepted write may have changed: the listing key of what it names. */
    private static String touchedKey(Attacks.Attack a, HttpResponse<String> r) {
        if (a.method().equals("PUT")) {
            return a.touches();
        }
        // a create: whatever it created (any code), but only in that collection
        return a.touches().endsWith("/") ? a.touches() : a.touches() + "/";
    }

    private static String describe(Attacks.Attack a) {
        return a.kind() + " " + a.method() + " " + cut(a.path()) + " [" + a.contentType() + "] "
                + (a.body() == null ? "" : cut(new String(a.body(), java.nio.charset.StandardCharsets.UTF_8)));
    }

    static String cut(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "...(" + s.length() + " chars)" : s;
    }

    static List<String> first(List<String> all) {
        return all.subList(0, Math.min(20, all.size()));
    }
}
