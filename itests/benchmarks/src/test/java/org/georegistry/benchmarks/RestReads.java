package org.georegistry.benchmarks;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
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
 * warm-up that is not counted (the server's JIT compiles the read path in it); the answers received within the
 * window count, so a slow endpoint shows as a low rate, not as a longer run. HttpURLConnection keeps
 * connections alive and costs the client little CPU, which matters when client and server share 2 cores.
 */
final class RestReads {

    static final int CLIENTS = 16;
    /** A request still unanswered after this long counts as timed out (and keeps its client from going on). */
    static final int TIMEOUT_SECONDS = 20;

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
        if (all.length == 0) {
            return Figure.of(name, stored, seconds, null).rate(0.0).note(String.format(Locale.ROOT, "%d clients: no"
                    + " answer within the %d s window (%d timed out after %d s)", CLIENTS, seconds, failed,
                    TIMEOUT_SECONDS)).with("clients", CLIENTS).with("timedOut", failed);
        }
        double rate = all.length / (double) seconds;
        double p50 = all[all.length / 2] / 1e6;
        double p99 = all[(int) (all.length * 0.99)] / 1e6;
        return Figure.of(name, stored, seconds, null).rate(rate)
                .note(String.format(Locale.ROOT, "%d clients, %d s after %d s warm-up: %,d requests, p50 %.1f ms, p99"
                        + " %.1f ms%s", CLIENTS, seconds, warmUpSeconds, all.length, p50, p99,
                        failed > 0 ? ", " + failed + " timed out" : ""))
                .with("requests", all.length).with("p50Ms", p50).with("p99Ms", p99).with("clients", CLIENTS)
                .with("timedOut", failed);
    }

    /**
     * Answers {timed out, latency nanos...} of the requests answered within the window (after the warm-up, before
     * the end; a request may have been sent before it: throughput is answers per second);
     * an answer other than 200 fails the benchmark (a wrong path or a server error is not a figure).
     */
    private static long[] client(Api api, LongFunction<String> path, long seed, long warmEnd, long end) throws Exception {
        long[] out = new long[1 << 16];
        int n = 1;
        long timedOut = 0;
        long state = seed;
        for (long sent = System.nanoTime(); sent < end; sent = System.nanoTime()) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            String url = api.base() + path.apply(state >>> 1);
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setRequestProperty("Authorization", api.authorization());
            connection.setRequestProperty("Accept", "application/json");
            connection.setReadTimeout(TIMEOUT_SECONDS * 1000);
            int status;
            try {
                status = connection.getResponseCode();
                try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                    if (body != null) {
                        body.readAllBytes();
                    }
                }
            } catch (SocketTimeoutException e) {
                timedOut += System.nanoTime() >= warmEnd ? 1 : 0;
                continue;
            }
            long done = System.nanoTime();
            if (status != 200) {
                throw new IllegalStateException("GET " + url + " answered " + status);
            }
            if (done >= warmEnd && done <= end) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                out[n++] = done - sent;
            }
        }
        out[0] = timedOut;
        return Arrays.copyOf(out, n);
    }
}
