package org.georegistry.itests.fhir;

/** Runs the test FHIR server until killed: {@code --port N} (default 8090, 0 for a free port). */
public final class FhirTestServerMain {

    private FhirTestServerMain() {}

    public static void main(String[] args) throws Exception {
        int port = 8090;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                port = Integer.parseInt(args[++i]);
            } else {
                System.err.println("Usage: FhirTestServerMain [--port N]");
                System.exit(2);
            }
        }
        FhirTestServer server = FhirTestServer.start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("Stopping: " + e);
            }
        }));
        System.out.println("FHIR R4 server (HAPI JPA, H2 in memory) at " + server.baseUrl());
    }
}
