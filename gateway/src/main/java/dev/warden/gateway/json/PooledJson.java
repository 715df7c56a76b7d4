package dev.warden.gateway.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;

/**
 * Jackson set up for virtual threads. Jackson keeps its parse and write buffers in a per-thread
 * pool by default; every request here runs on a new virtual thread, so each would allocate fresh
 * buffers (tens of kilobytes) and throw them away. Under load that was about a quarter of all
 * allocation. A shared lock-free pool reuses them across threads.
 */
public final class PooledJson {

    private PooledJson() {
    }

    public static JsonFactory factory() {
        return factoryBuilder().build();
    }

    /** A factory builder with the shared pool, for a factory with other features. */
    public static JsonFactoryBuilder factoryBuilder() {
        return new JsonFactoryBuilder().recyclerPool(JsonRecyclerPools.sharedLockFreePool());
    }

    /** A mapper builder over a pooled factory, with {@link #fastAccessors()}; configure and build it as usual. */
    public static JsonMapper.Builder mapper() {
        return JsonMapper.builder(factory()).addModule(fastAccessors());
    }

    /**
     * Calls getters, record accessors and constructors through generated lambdas rather than
     * reflection: serialising the decision record reflectively was a tenth of a request's CPU.
     */
    public static Module fastAccessors() {
        return new BlackbirdModule();
    }
}
