package org.georegistry.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results as one Markdown table and as JSON, with the machine they were measured on. */
final class Report {

    static final String HEAP_METHOD = "server heap from its GC log (-Xlog:gc): live = most heap after a collection"
            + " during the step (the sampled DHIS2 push: full GCs forced with jcmd GC.run at 0/25/50/75/100 %), peak = most heap in"
            + " use before a collection";

    private Report() {}

    static String markdown(Map<String, Object> run, List<Figure> figures) {
        StringBuilder md = new StringBuilder("# GeoRegistry benchmark results\n\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> machine = (Map<String, Object>) run.get("machine");
        md.append(String.format(Locale.ROOT, "%s on %s cores (%s), %s GB RAM, %s, %s; load average %s at the start,"
                + " %s at the end; total %.0f s. Server `JAVA_OPTS=%s`; %s.%n%n", machine.get("date"),
                machine.get("cores"), machine.get("cpu"), machine.get("ramGb"), machine.get("jdk"), machine.get("os"),
                run.get("loadAverageStart"), run.get("loadAverageEnd"), (Double) run.get("totalSeconds"),
                run.get("javaOpts"), HEAP_METHOD));
        md.append("| figure | objects | wall s | objects/s | heap live MB | heap peak MB | target | measured | ÷ limit"
                + " | met | notes |\n|---|---:|---:|---:|---:|---:|---|---|---:|---|---|\n");
        for (Figure f : figures) {
            md.append("| ").append(f.name()).append(" | ").append(f.size() > 0 ? String.format(Locale.ROOT, "%,d", f.size()) : "")
                    .append(" | ").append(f.seconds() > 0 ? String.format(Locale.ROOT, "%.2f", f.seconds()) : "")
                    .append(" | ").append(f.perSecond() == null ? "" : String.format(Locale.ROOT, "%,.0f", f.perSecond()))
                    .append(" | ").append(f.heapLiveMb() == null ? "" : f.heapLiveMb())
                    .append(" | ").append(f.heapPeakMb() == null ? "" : f.heapPeakMb())
                    .append(" | ").append(f.target() == null ? "" : f.target())
                    .append(" | ").append(f.measured() == null ? "" : f.measured())
                    .append(" | ").append(f.ratio() == null ? "" : String.format(Locale.ROOT, "%.2f", f.ratio()))
                    .append(" | ").append(f.met() == null ? "" : f.met() ? "yes" : "**no**")
                    .append(" | ").append(f.notes()).append(" |\n");
        }
        return md.toString();
    }

    static void write(Path output, Map<String, Object> run, List<Figure> figures) throws Exception {
        Files.createDirectories(output);
        String md = markdown(run, figures);
        Map<String, Object> json = new LinkedHashMap<>(run);
        json.put("heapMethod", HEAP_METHOD);
        json.put("figures", figures);
        Files.writeString(output.resolve("benchmark-results.md"), md, StandardCharsets.UTF_8);
        Files.write(output.resolve("benchmark-results.json"),
                Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        System.out.println(md);
    }
}
