package dev.ricascade.api.integrity;

import java.io.IOException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ricascade.api.ApiProperties;
import dev.ricascade.manifest.Manifest;
import dev.ricascade.manifest.ManifestLoader;
import dev.ricascade.manifest.RelationshipGraph;

@Configuration(proxyBeanMethods = false)
class ManifestConfiguration {

    @Bean
    Manifest manifest(ApiProperties properties) throws IOException {
        var resource = properties.manifest();
        if (!resource.exists()) {
            throw new IllegalStateException("the relationship manifest " + resource.getDescription() + " does not exist; "
                    + "point ricascade.manifest at it, such as --ricascade.manifest=file:/path/to/relationships.yml");
        }
        return ManifestLoader.load(resource.getInputStream(), resource.getDescription());
    }

    @Bean
    RelationshipGraph relationshipGraph(Manifest manifest) {
        return manifest.graph();
    }
}
