package dev.warden.gateway;

import dev.warden.gateway.cli.WardenCli;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The Warden gateway. With no arguments (or only Spring options) it serves; with a command such
 * as {@code keys create} it runs that command and exits.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class WardenApplication {

    public static void main(String[] args) {
        if (WardenCli.isCommand(args)) {
            System.exit(WardenCli.run(args));
        }
        SpringApplication.run(WardenApplication.class, args);
    }

    /** The one source of time, so that tests can substitute their own. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
