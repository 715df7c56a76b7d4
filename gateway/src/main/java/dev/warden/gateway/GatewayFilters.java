package dev.warden.gateway;

import dev.warden.gateway.api.ErrorWriter;
import dev.warden.gateway.api.GatewayProperties;
import dev.warden.gateway.auth.ApiKeyFilter;
import dev.warden.gateway.auth.ApiKeys;
import dev.warden.gateway.control.AdminToken;
import dev.warden.gateway.control.AdminTokenFilter;
import dev.warden.gateway.exchange.ExchangeFilter;
import dev.warden.gateway.exchange.Exchanges;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The order of work before a gateway request reaches its controller: open the exchange (so that
 * even a refused request gets a decision record), then authenticate. The control API has its own
 * bearer token.
 */
@Configuration(proxyBeanMethods = false)
class GatewayFilters {

    @Bean
    FilterRegistrationBean<ExchangeFilter> exchangeFilter(Exchanges exchanges) {
        var registration = new FilterRegistrationBean<>(new ExchangeFilter(exchanges));
        registration.addUrlPatterns("/v1/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ApiKeys keys, ErrorWriter errors) {
        var registration = new FilterRegistrationBean<>(new ApiKeyFilter(keys, errors));
        registration.addUrlPatterns("/v1/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    @Bean
    FilterRegistrationBean<AdminTokenFilter> adminTokenFilter(AdminToken token, ErrorWriter errors, GatewayProperties limits) {
        var registration = new FilterRegistrationBean<>(new AdminTokenFilter(token, errors, limits.maxBodySize().toBytes()));
        registration.addUrlPatterns("/admin/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}
