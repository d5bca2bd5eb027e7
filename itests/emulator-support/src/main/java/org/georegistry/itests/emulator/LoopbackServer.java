package org.georegistry.itests.emulator;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** An emulator's JDK HTTP server on 127.0.0.1, on daemon threads. */
public final class LoopbackServer implements AutoCloseable {
    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    private LoopbackServer(HttpServer server, ThreadPoolExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds the port (0 takes a free one) without serving yet, so that the handler can learn the address first.
     * A hanging request holds its thread, so the pool grows up to {@code maxThreads} instead of queueing behind it.
     */
    public static LoopbackServer bind(int port, int backlog, int coreThreads, int maxThreads, String threadPrefix)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(coreThreads, maxThreads, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread thread = new Thread(r, threadPrefix + "-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        server.setExecutor(executor);
        return new LoopbackServer(server, executor);
    }

    /** e.g. http://127.0.0.1:41234 */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves every path with the handler. */
    public void start(HttpHandler handler) {
        server.createContext("/", handler);
        server.start();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
