package dev.ricascade.cleanup;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CleanupApplication {

    public static void main(String[] args) {
        SpringApplication.run(CleanupApplication.class, args);
    }
}
