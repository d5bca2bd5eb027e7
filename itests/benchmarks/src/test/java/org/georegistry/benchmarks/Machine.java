package org.georegistry.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the figures were measured on: they mean little without it. */
final class Machine {

    private Machine() {}

    static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("cpu", firstValue("/proc/cpuinfo", "model name"));
        String kb = firstValue("/proc/meminfo", "MemTotal").replaceAll("[^0-9]", "");
        m.put("ramGb", kb.isEmpty() ? null : Math.round(Double.parseDouble(kb) / 1024 / 1024 * 10) / 10.0);
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        return m;
    }

    /** The 1, 5 and 15 minute load averages, e.g. "2.21 2.26 4.07". */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** CPU time this JVM has used so far, all threads, in seconds. */
    static double processCpuSeconds() {
        return cpuSeconds(ProcessHandle.current());
    }

    /** CPU time a process has used so far, all its threads, in seconds; NaN where the OS does not say. */
    static double cpuSeconds(ProcessHandle process) {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    /**
     * CPU seconds each group of a process's threads has used so far, from {@code /proc/<pid>/task}: threads named
     * alike but for digits (a pool's workers, "G1 Conc#1") form one group. Empty where there is no /proc.
     */
    static Map<String, Double> threadCpuSeconds(long pid) {
        Map<String, Double> groups = new LinkedHashMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+", "#");
                    String stat = Files.readString(task.resolve("stat"));
                    // the fields after the name in parentheses: utime and stime are the 12th and 13th, in ticks
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
                    groups.merge(name, seconds, Double::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while being read
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return groups;
    }

    /** The {@code top} groups that used the most CPU between two {@link #threadCpuSeconds} readings, e.g. "job 3.1 s". */
    static String topThreads(Map<String, Double> before, Map<String, Double> after, int top) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
                .filter(e -> e.getValue() >= 0.05)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(top)
                .map(e -> String.format(java.util.Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue()))
                .reduce((a, b) -> a + ", " + b).orElse("none");
    }

    private static String firstValue(String file, String key) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
