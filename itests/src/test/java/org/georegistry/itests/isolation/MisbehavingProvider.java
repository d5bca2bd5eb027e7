package org.georegistry.itests.isolation;

import java.nio.file.Files;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.georegistry.api.sync.Capability;
import org.georegistry.api.sync.SettingDescriptor;
import org.georegistry.api.sync.SyncJob;
import org.georegistry.api.sync.SyncProvider;

/**
 * A provider that misbehaves as its configuration says, packaged into a generated bundle by the tests:
 * {@code throw} (an exception), {@code error} (a StackOverflowError), {@code block} (forever, ignoring
 * interrupts), {@code wait} (forever, until interrupted: then it leaves a file {@code interrupted} in its data
 * folder) and {@code slow} (reports progress every 50 ms until cancelled).
 */
public final class MisbehavingProvider implements SyncProvider {

    public static final String TYPE = "misbehaving";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String label() {
        return "Misbehaving";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.EXPORT);
    }

    @Override
    public List<SettingDescriptor> configSettings() {
        return List.of(SettingDescriptor.choice("mode", "Mode", true, List.of("throw", "error", "block", "wait", "slow")));
    }

    @Override
    public void run(SyncJob job) throws Exception {
        switch (job.configSettings().text("mode", "")) {
            case "throw" -> throw new IllegalStateException("the peer exploded");
            case "error" -> recurse(0);
            case "block" -> {
                while (true) { // deaf to interrupts: the worst a provider can do
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException ignored) {
                        // and goes on
                    }
                }
            }
            case "wait" -> {
                try {
                    new java.util.concurrent.CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    Files.createDirectories(job.dataDirectory());
                    Files.writeString(job.dataDirectory().resolve("interrupted"), "yes");
                }
            }
            case "slow" -> {
                for (long i = 0; !job.isCancelled(); i++) {
                    job.progress("SLOW", i, -1);
                    Thread.sleep(50);
                }
            }
            default -> throw new IllegalArgumentException("unknown mode");
        }
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }
}
