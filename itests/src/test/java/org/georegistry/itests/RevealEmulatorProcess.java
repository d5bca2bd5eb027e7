package org.georegistry.itests;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The Reveal/OpenSRP emulator in its own JVM, started from the test: the framework under test stays exactly the
 * distribution's bundle set, and the emulator is reached over HTTP as a real server would be.
 */
final class RevealEmulatorProcess implements AutoCloseable {

    static final String CLASSPATH_PROPERTY = "reveal.emulator.classpath";

    private final Process process;
    private final String baseUrl;

    RevealEmulatorProcess(String classpath, String... args) throws IOException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String[] command = new String[args.length + 4];
        command[0] = java;
        command[1] = "-cp";
        command[2] = classpath;
        command[3] = "org.georegistry.itests.reveal.RevealEmulatorMain";
        System.arraycopy(args, 0, command, 4, args.length);
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (line == null || !line.contains("http://")) {
            process.destroyForcibly();
            throw new IOException("The Reveal emulator did not start: " + line);
        }
        baseUrl = line.substring(line.indexOf("http://")).trim();
    }

    String baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
