package dev.warden.gateway.decisionlog;

import java.util.List;

/** Stores a batch of decision records durably, or throws; storing a record twice must be harmless. */
interface DecisionWriter {

    void write(List<DecisionRecord> records);
}
