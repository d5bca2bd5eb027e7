package org.georegistry.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.PrimitiveIterator;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

/** When the class-data archive is recorded: at the first quiet moment, or after the longest wait. */
class QuietMomentTest {

    private long slept;

    private QuietMoment.Sleeper counting() {
        return millis -> slept += millis;
    }

    @Test
    void aBusyServerIsWaitedForUntilTwoSamplesInARowAreIdle() throws InterruptedException {
        // a start settling, an import (one idle sample between its batches is not enough), then quiet
        PrimitiveIterator.OfDouble load = DoubleStream.of(-1, 0.9, 0.5, 0.01, 0.6, 0.4, 0.02, 0.03, 0.9).iterator();
        assertTrue(QuietMoment.await(load::nextDouble, counting(), 60_000));
        assertEquals(8 * QuietMoment.SAMPLE_MS, slept);
    }

    @Test
    void anUnknownLoadIsNotTakenForIdle() throws InterruptedException {
        PrimitiveIterator.OfDouble load = DoubleStream.of(-1, -1, -1, 0, 0).iterator();
        assertTrue(QuietMoment.await(load::nextDouble, counting(), 60_000));
        assertEquals(5 * QuietMoment.SAMPLE_MS, slept);
    }

    @Test
    void aServerThatIsNeverIdleGetsItsArchiveAfterTheLongestWait() throws InterruptedException {
        assertFalse(QuietMoment.await(() -> 0.5, counting(), 3_000));
        assertEquals(3_000, slept);
    }
}
