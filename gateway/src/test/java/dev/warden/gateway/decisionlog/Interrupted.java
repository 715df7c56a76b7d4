package dev.warden.gateway.decisionlog;

import java.io.IOException;

/** A step run on a thread carrying an interrupt flag, as a request thread can after a wait it cut short. */
final class Interrupted {

    /** A step of the decision log or its spool. */
    @FunctionalInterface
    interface Step {
        void run() throws IOException;
    }

    private Interrupted() {
    }

    /** Runs the step with this thread's interrupt flag set; whether the flag is still set after it. The flag is cleared either way. */
    static boolean stillInterruptedAfter(Step step) throws IOException {
        Thread.currentThread().interrupt();
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            Thread.interrupted();
            throw e;
        }
        return Thread.interrupted();
    }
}
