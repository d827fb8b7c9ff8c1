package dev.ricascade.cleanup.manifest;

import java.io.IOException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ricascade.cleanup.CleanupProperties;
import dev.ricascade.manifest.Manifest;
import dev.ricascade.manifest.ManifestLoader;
import dev.ricascade.manifest.RelationshipGraph;

/** Reads the relationship manifest named by {@code ricascade.manifest}; an invalid one stops start-up with every problem listed. */
@Configuration(proxyBeanMethods = false)
class ManifestConfiguration {

    @Bean
    Manifest manifest(CleanupProperties properties) throws IOException {
        var resource = properties.manifest();
        if (!resource.exists()) {
            throw new IllegalStateException("the relationship manifest " + resource.getDescription() + " does not exist; "
                    + "set ricascade.manifest to its location, such as file:relationships.yml");
        }
        return ManifestLoader.load(resource.getInputStream(), resource.getDescription());
    }

    @Bean
    RelationshipGraph relationshipGraph(Manifest manifest) {
        return manifest.graph();
    }
}
