package org.georegistry.benchmarks;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * Read throughput: {@value #CLIENTS} clients each sending one request after the other for a fixed time, after a
 * warm-up that is not counted (the server's JIT compiles the read path in it). HttpURLConnection keeps connections
 * alive and costs the client little CPU, which matters when client and server share 2 cores.
 */
final class RestReads {

    static final int CLIENTS = 16;

    private RestReads() {}

    /**
     * @param path the path of request number {@code n} of a client (a pseudo-random object or page)
     */
    static Figure measure(String name, Api api, long stored, LongFunction<String> path, int warmUpSeconds,
            int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmUpSeconds);
        long end = warmEnd + TimeUnit.SECONDS.toNanos(seconds);
        Future<long[]>[] clients = new Future[CLIENTS];
        for (int t = 0; t < CLIENTS; t++) {
            long seed = t * 0x9E3779B97F4A7C15L;
            clients[t] = pool.submit(() -> client(api, path, seed, warmEnd, end));
        }
        long[][] latencies = new long[CLIENTS][];
        long failed = 0;
        for (int t = 0; t < CLIENTS; t++) {
            long[] result = clients[t].get();
            failed += result[0];
            latencies[t] = Arrays.copyOfRange(result, 1, result.length);
        }
        pool.shutdown();
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        if (failed > 0 || all.length == 0) {
            throw new IllegalStateException(name + ": " + failed + " requests failed, " + all.length + " succeeded");
        }
        double rate = all.length / (double) seconds;
        double p50 = all[all.length / 2] / 1e6;
        double p99 = all[(int) (all.length * 0.99)] / 1e6;
        return Figure.of(name, stored, seconds, null).rate(rate)
                .note(String.format(Locale.ROOT, "%d clients, %d s after %d s warm-up: %,d requests, p50 %.1f ms, p99 %.1f ms",
                        CLIENTS, seconds, warmUpSeconds, all.length, p50, p99))
                .with("requests", all.length).with("p50Ms", p50).with("p99Ms", p99).with("clients", CLIENTS);
    }

    /** Answers {failed, latency nanos...} of the requests after the warm-up. */
    private static long[] client(Api api, LongFunction<String> path, long seed, long warmEnd, long end) throws Exception {
        long[] out = new long[1 << 16];
        int n = 1;
        long failed = 0;
        long state = seed;
        while (true) {
            long sent = System.nanoTime();
            if (sent >= end) {
                break;
            }
            state = state * 6364136223846793005L + 1442695040888963407L;
            HttpURLConnection connection = (HttpURLConnection) URI.create(api.base() + path.apply(state >>> 1))
                    .toURL().openConnection();
            connection.setRequestProperty("Authorization", api.authorization());
            connection.setRequestProperty("Accept", "application/json");
            int status = connection.getResponseCode();
            try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (body != null) {
                    body.readAllBytes();
                }
            }
            if (sent < warmEnd) {
                continue;
            }
            if (status != 200) {
                failed++;
                continue;
            }
            if (n == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            out[n++] = System.nanoTime() - sent;
        }
        out[0] = failed;
        return Arrays.copyOf(out, n);
    }
}
