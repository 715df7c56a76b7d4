package dev.warden.gateway.decisionlog;

/** Stores a batch of spooled decision records durably, or throws; storing a record twice must be harmless. */
interface DecisionWriter {

    void write(SpooledDecisions batch);
}
