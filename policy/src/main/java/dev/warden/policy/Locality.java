package dev.warden.policy;

/** Where a provider runs, as far as data governance is concerned. */
public enum Locality {
    /** In-process or on the organisation's own servers: data does not leave. */
    LOCAL,
    /** A third-party API: data leaves the organisation. */
    FRONTIER
}
