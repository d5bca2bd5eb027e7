package org.georegistry.core.internal.deploy;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A daemon thread running a look at the watched folders every so often (shut it down on deactivation). */
final class Sweeps {

    private Sweeps() {}

    static ScheduledExecutorService every(long millis, String threadName, Runnable sweep) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(sweep, millis, millis, TimeUnit.MILLISECONDS);
        return timer;
    }
}
