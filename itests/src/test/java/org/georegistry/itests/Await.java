package org.georegistry.itests;

import java.util.function.BooleanSupplier;

/** Polls a condition with a short step and a cap instead of sleeping a fixed time. */
public final class Await {

    private Await() {}

    /** Waits until the condition holds; returns the milliseconds it took, or fails after {@code capMillis}. */
    public static long until(String what, long capMillis, BooleanSupplier condition) {
        long start = System.nanoTime();
        long deadline = start + capMillis * 1_000_000L;
        while (true) {
            if (condition.getAsBoolean()) {
                return (System.nanoTime() - start) / 1_000_000L;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + capMillis + " ms waiting for: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
