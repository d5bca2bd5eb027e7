package org.georegistry.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Maven as a third-party provider author would, in a subprocess, with a private local repository: nothing is
 * installed into the shared one. Artifacts the build already has are read from the shared repository through a
 * {@code file:} repository (releases only, so no snapshot of this build leaks in); anything else comes from Maven
 * Central.
 */
public final class Maven {

    private static final long TIMEOUT_MINUTES = 5;

    private final Path mvn;
    private final Path settings;
    private final Path logs;

    /**
     * @param mvn the {@code mvn} launcher of the Maven that runs this build
     * @param privateRepo the local repository of the subprocesses
     * @param sharedRepo the build's own local repository, read as a remote one
     * @param work where settings and logs go
     */
    public Maven(Path mvn, Path privateRepo, Path sharedRepo, Path work) throws IOException {
        this.mvn = mvn;
        this.logs = Files.createDirectories(work.resolve("maven-logs"));
        this.settings = work.resolve("settings.xml");
        String cache = "<id>build-cache</id><url>" + sharedRepo.toUri() + "</url>"
                + "<releases><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></releases>"
                + "<snapshots><enabled>false</enabled></snapshots>";
        Files.writeString(settings, "<settings><localRepository>" + privateRepo.toAbsolutePath() + "</localRepository>"
                + "<profiles><profile><id>build-cache</id>"
                + "<repositories><repository>" + cache + "</repository></repositories>"
                + "<pluginRepositories><pluginRepository>" + cache + "</pluginRepository></pluginRepositories>"
                + "</profile></profiles><activeProfiles><activeProfile>build-cache</activeProfile></activeProfiles>"
                + "</settings>", StandardCharsets.UTF_8);
    }

    /**
     * Maven as the SDK tests run it inside the container (paths passed by failsafe as framework properties), with
     * this build's API installed in the private repository: it is in no remote one, and a generated project finds
     * it where a developer would have installed it.
     */
    public static Maven forSdkTests(org.osgi.framework.BundleContext context, Path work) throws IOException {
        Maven maven = new Maven(Path.of(required(context, "georegistry.mvn")), Path.of(required(context, "georegistry.sdk.repo")),
                Path.of(required(context, "georegistry.m2.shared")), work);
        maven.installFile(Path.of(required(context, "georegistry.api.jar")), "org.georegistry", "org.georegistry.api",
                required(context, "georegistry.version"));
        return maven;
    }

    /**
     * What an SDK user does: installs this build's {@code georegistry-<kind>-archetype}, generates a project from it
     * with the given properties, builds it (its unit tests must run, all passing) and answers the jar.
     */
    public static Path jarFromArchetype(org.osgi.framework.BundleContext context, Path work, String kind, int unitTests,
            List<String> properties) throws IOException {
        long start = System.nanoTime();
        String version = required(context, "georegistry.version");
        String archetype = "georegistry-" + kind + "-archetype";
        Maven maven = forSdkTests(context, work);
        maven.installFile(Path.of(required(context, "georegistry." + kind + ".archetype.jar")), "org.georegistry",
                archetype, version);
        Path project = maven.generate(work.resolve("generated"), archetype, version, properties);
        Path jar = maven.buildJar(project);
        System.out.println("FIGURE sdk generate-and-build-" + kind + "-ms " + (System.nanoTime() - start) / 1_000_000);
        String log = maven.log("package-" + project.getFileName());
        if (!log.contains("Tests run: " + unitTests + ", Failures: 0, Errors: 0")) {
            throw new AssertionError("The generated project's " + unitTests + " unit tests did not all run and pass");
        }
        return jar;
    }

    /** The framework properties {@link #forSdkTests} reads, to pass from failsafe's system properties. */
    public static final List<String> SDK_PROPERTIES = List.of("georegistry.mvn", "georegistry.m2.shared",
            "georegistry.sdk.repo", "georegistry.api.jar", "georegistry.version");

    static String required(org.osgi.framework.BundleContext context, String name) {
        String value = context.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set (run through Maven failsafe)");
        }
        return value;
    }

    /** Installs a jar into the private repository with a generated pom (the jar's own names a parent). */
    public void installFile(Path jar, String groupId, String artifactId, String version) throws IOException {
        run(logs, "install-" + artifactId, "org.apache.maven.plugins:maven-install-plugin:3.1.3:install-file",
                "-Dfile=" + jar.toAbsolutePath(), "-DgroupId=" + groupId, "-DartifactId=" + artifactId,
                "-Dversion=" + version, "-Dpackaging=jar", "-DgeneratePom=true");
    }

    /** {@code archetype:generate} in batch mode; answers the generated project's folder. */
    public Path generate(Path into, String archetypeArtifactId, String version, List<String> properties) throws IOException {
        Files.createDirectories(into);
        List<String> args = new ArrayList<>(List.of("org.apache.maven.plugins:maven-archetype-plugin:3.3.1:generate",
                "-DarchetypeGroupId=org.georegistry", "-DarchetypeArtifactId=" + archetypeArtifactId,
                "-DarchetypeVersion=" + version, "-DarchetypeCatalog=internal"));
        String artifactId = null;
        for (String p : properties) {
            args.add("-D" + p);
            if (p.startsWith("artifactId=")) {
                artifactId = p.substring("artifactId=".length());
            }
        }
        run(into, "generate-" + artifactId, args.toArray(new String[0]));
        return into.resolve(artifactId);
    }

    /** {@code mvn package} in a project (its unit tests run too); answers the jar it built. */
    public Path buildJar(Path project) throws IOException {
        run(project, "package-" + project.getFileName(), "package");
        try (var files = Files.list(project.resolve("target"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("No jar in " + project.resolve("target")));
        }
    }

    /** The output of an earlier run. */
    public String log(String logName) throws IOException {
        return Files.readString(logs.resolve(logName + ".log"));
    }

    /** Runs Maven in batch mode; fails with the end of its output when it does not succeed. */
    public void run(Path dir, String logName, String... goals) throws IOException {
        if (exitCode(dir, logName, goals) != 0) {
            List<String> lines = Files.readAllLines(logs.resolve(logName + ".log"));
            throw new AssertionError("mvn " + String.join(" ", goals) + " failed (" + logs.resolve(logName + ".log")
                    + "):\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
        }
    }

    /** Runs Maven in batch mode and answers its exit code; the output goes to {@code logName}.log. */
    public int exitCode(Path dir, String logName, String... goals) throws IOException {
        List<String> command = new ArrayList<>(List.of(mvn.toString(), "-B", "-s", settings.toString()));
        command.addAll(List.of(goals));
        Path log = logs.resolve(logName + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // each of these builds lasts seconds: C1 alone took ApiBaselineIT's five from 21-26 s to 14-16 s (a JVM
        // option given last wins, so a MAVEN_OPTS of the caller still counts for everything else)
        builder.environment().merge("MAVEN_OPTS", GeoRegistryRuntime.C1_ONLY, (mine, c1) -> mine + " " + c1);
        Process p = builder.start();
        try {
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("mvn " + String.join(" ", goals) + " took over " + TIMEOUT_MINUTES + " min; see " + log);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return p.exitValue();
    }
}
