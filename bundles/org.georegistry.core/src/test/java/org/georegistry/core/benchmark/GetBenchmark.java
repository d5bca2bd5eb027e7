package org.georegistry.core.benchmark;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /api/geo-objects/{type}/{code}} from 16 concurrent clients against a running server, printing
 * requests per second. Run against a server holding objects {@code F0..F(n-1)} of type {@code facility} (what
 * {@code bench/get-benchmark.sh} sets up):
 * {@code java -cp target/test-classes org.georegistry.core.benchmark.GetBenchmark http://127.0.0.1:18181 admin PASSWORD 100000}.
 */
public final class GetBenchmark {

    /** The path asked, {@code {code}} replaced by a random object code; a system property for comparisons. */
    static final String PATH = System.getProperty("path", "/api/geo-objects/facility/{code}");

    /** Requests before this many seconds are not counted: the server's JIT needs them after a start. */
    static final long WARM_UP_SECONDS = Long.getLong("warmUp", 15);

    private GetBenchmark() {}

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String auth = "Basic " + Base64.getEncoder().encodeToString((args[1] + ":" + args[2]).getBytes(StandardCharsets.UTF_8));
        int objects = Integer.parseInt(args[3]);
        int clients = args.length > 4 ? Integer.parseInt(args[4]) : 16;
        long seconds = args.length > 5 ? Long.parseLong(args[5]) : 10;
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long warmUpEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS);
        long end = warmUpEnd + TimeUnit.SECONDS.toNanos(seconds);
        for (int t = 0; t < clients; t++) {
            int seed = t;
            pool.execute(() -> {
                long i = seed;
                while (System.nanoTime() < end) {
                    i = (i * 6364136223846793005L + 1442695040888963407L);
                    String code = "F" + Math.floorMod(i >>> 17, objects);
                    try {
                        // HttpURLConnection keeps connections alive and costs little CPU; java.net.http's client
                        // spent more CPU than the server on this 2-core machine.
                        HttpURLConnection connection = (HttpURLConnection) URI.create(base + PATH.replace("{code}", code))
                                .toURL().openConnection();
                        connection.setRequestProperty("Authorization", auth);
                        int status = connection.getResponseCode();
                        try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                            body.readAllBytes();
                        }
                        if (System.nanoTime() > warmUpEnd) {
                            (status == 200 ? ok : failed).incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 60, TimeUnit.SECONDS);
        System.out.printf("BENCHMARK get-by-code: %d clients, %d s: %.0f requests/s (%d ok, %d failed)%n", clients,
                seconds, ok.get() / (double) seconds, ok.get(), failed.get());
    }
}
