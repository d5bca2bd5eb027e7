package org.georegistry.core.internal.jobs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class CronSchedulerTest {

    private static ZonedDateTime at(String time) {
        return ZonedDateTime.of(2026, 11, 22, Integer.parseInt(time.substring(0, 2)), Integer.parseInt(time.substring(3, 5)),
                Integer.parseInt(time.substring(6, 8)), 0, ZoneOffset.UTC);
    }

    @Test
    void runsWhenAnExecutionFallsBetweenTwoTicks() {
        assertTrue(CronScheduler.due("0 2 * * *", at("01:59:45"), at("02:00:15")));
        assertTrue(CronScheduler.due("*/5 * * * *", at("10:04:59"), at("10:05:00")));
    }

    @Test
    void doesNotRunOutsideItsTimesOrForABrokenExpression() {
        assertFalse(CronScheduler.due("0 2 * * *", at("02:00:15"), at("02:00:45")));
        assertFalse(CronScheduler.due("0 2 * * 1", at("01:59:45"), at("02:00:15")), "2026-11-22 is a Sunday");
        assertFalse(CronScheduler.due("not cron", at("01:00:00"), at("03:00:00")));
    }
}
