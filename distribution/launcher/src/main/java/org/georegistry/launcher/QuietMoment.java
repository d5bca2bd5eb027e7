package org.georegistry.launcher;

import java.util.function.DoubleSupplier;

/**
 * Waits for a moment when the server has nothing to do: recording the class-data archive stops the JVM for one to
 * four seconds, and a request or a sync running then waits that long. The process's CPU use stands for "nothing to
 * do": a start still settling, an import or an export keep it well above {@link #IDLE_LOAD}.
 */
final class QuietMoment {

    /** Share of the machine's CPU (0-1) under which the process counts as idle: a tenth of one core on two. */
    static final double IDLE_LOAD = 0.05;
    /** Consecutive idle samples that make a quiet moment. */
    static final int IDLE_SAMPLES = 2;
    static final long SAMPLE_MS = 500;
    /** A server busy for longer than this gets its archive anyway: starts stay slow until it has one. */
    static final long MAX_WAIT_MS = 10 * 60_000;

    /** Sleeps; a test gives one that only counts. */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private QuietMoment() {}

    /**
     * Returns once {@code load} (the process's recent CPU use; negative when not known yet) was under
     * {@link #IDLE_LOAD} at {@link #IDLE_SAMPLES} samples in a row, or after {@code maxWaitMs}; answers whether it was
     * quiet.
     */
    static boolean await(DoubleSupplier load, Sleeper sleeper, long maxWaitMs) throws InterruptedException {
        int idle = 0;
        for (long waited = 0; waited < maxWaitMs; waited += SAMPLE_MS) {
            sleeper.sleep(SAMPLE_MS);
            double now = load.getAsDouble();
            idle = now >= 0 && now < IDLE_LOAD ? idle + 1 : 0;
            if (idle >= IDLE_SAMPLES) {
                return true;
            }
        }
        return false;
    }
}
