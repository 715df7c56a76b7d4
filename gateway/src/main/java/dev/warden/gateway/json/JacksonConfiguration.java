package dev.warden.gateway.json;

import com.fasterxml.jackson.databind.Module;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Spring's own ObjectMapper (the decision log, the control API) gets the pooled buffers and fast accessors too. */
@Configuration(proxyBeanMethods = false)
class JacksonConfiguration {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer pooledJsonBuffers() {
        return builder -> builder.factory(PooledJson.factory());
    }

    /** Spring Boot registers every Module bean with its mapper. */
    @Bean
    Module fastAccessors() {
        return PooledJson.fastAccessors();
    }
}
