package org.georegistry.core.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CommitFlusherTest {

    /** A flush that takes a while and records when it began and ended. */
    private static final class RecordingFlush implements CommitFlusher.Flush {
        final List<long[]> runs = new CopyOnWriteArrayList<>();
        final AtomicInteger concurrent = new AtomicInteger();
        volatile int mostConcurrent;

        @Override
        public void run(java.sql.Connection c) {
            int now = concurrent.incrementAndGet();
            mostConcurrent = Math.max(mostConcurrent, now);
            long start = System.nanoTime();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            concurrent.decrementAndGet();
            runs.add(new long[] {start, System.nanoTime()});
        }
    }

    @Test
    void everyWriterReturnsAfterAFlushThatBeganAfterItsCommitAndWritersShareFlushes() throws Exception {
        RecordingFlush flush = new RecordingFlush();
        CommitFlusher flusher = new CommitFlusher(flush);
        int writers = 40;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        List<long[]> waits = new CopyOnWriteArrayList<>();
        try {
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < writers; i++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int n = 0; n < 5; n++) {
                        long committed = System.nanoTime();
                        flusher.awaitWritten(null);
                        waits.add(new long[] {committed, System.nanoTime()});
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(writers * 5, waits.size());
        for (long[] w : waits) {
            assertTrue(flush.runs.stream().anyMatch(r -> r[0] >= w[0] && r[1] <= w[1]),
                    "a flush began after the commit and ended before the writer went on");
        }
        assertEquals(1, flush.mostConcurrent, "one flush at a time");
        assertTrue(flush.runs.size() < writers * 5 / 2, "writers shared flushes: " + flush.runs.size() + " for "
                + writers * 5 + " commits");
    }

    @Test
    void anInterruptedWriterGoesOnAndTheOthersAreStillWritten() throws Exception {
        CountDownLatch inFlush = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger flushes = new AtomicInteger();
        CommitFlusher flusher = new CommitFlusher(c -> {
            flushes.incrementAndGet();
            inFlush.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = pool.submit(() -> {
                flusher.awaitWritten(null);
                return null;
            });
            assertTrue(inFlush.await(10, TimeUnit.SECONDS));
            Future<Boolean> waiting = pool.submit(() -> {
                Thread.currentThread().interrupt();
                flusher.awaitWritten(null);
                return Thread.currentThread().isInterrupted();
            });
            assertTrue(waiting.get(10, TimeUnit.SECONDS), "returned while a flush ran, still interrupted");
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            flusher.awaitWritten(null);
            assertEquals(2, flushes.get(), "a later writer got a flush of its own");
        } finally {
            pool.shutdownNow();
        }
    }
}
