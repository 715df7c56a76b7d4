package dev.warden.gateway.embedded;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DataDirectoryConfiguration {

    @Bean
    DataDirectory dataDirectory(DataProperties properties) {
        return new DataDirectory(properties.dir());
    }
}
