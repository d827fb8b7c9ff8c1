package dev.ricascade.cleanup;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import dev.ricascade.cleanup.tooling.ManifestTools;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CleanupApplication {

    public static void main(String[] args) {
        if (ManifestTools.requested(args)) { // --ricascade.tool=import|check|diagram: a one-shot command, not the service
            System.exit(ManifestTools.run(args));
        }
        SpringApplication.run(CleanupApplication.class, args);
    }
}
