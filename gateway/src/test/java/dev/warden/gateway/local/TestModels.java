package dev.warden.gateway.local;

import dev.warden.policy.OnnxModelSpec;

/** The built-in model, loaded once for every test in the JVM that needs it. */
public final class TestModels {

    private static OnnxEncoder builtIn;

    private TestModels() {
    }

    public static synchronized OnnxEncoder builtIn() {
        if (builtIn == null) {
            builtIn = ModelFiles.load(OnnxModelSpec.BUILT_IN, 1);
        }
        return builtIn;
    }
}
