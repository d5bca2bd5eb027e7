package org.georegistry.sync.reveal.internal;

/** Which server a Reveal system is: the OpenSRP server Reveal started on, or the newer Reveal server. */
enum Flavour {
    /** OpenSRP server: jurisdictions at {@code /rest/location}, parents given by id. */
    OPENSRP("OpenSRP"),
    /** akrosinc/reveal-server: {@code /api/v1/...}, parents derived by the server from geometry. */
    REVEAL("the Reveal server");

    private final String label;

    Flavour(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
