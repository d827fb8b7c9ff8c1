package dev.ricascade.deployment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ricascade.api.ApiApplication;

/**
 * The API service's deployment, in docker-compose.yml and in both Kubernetes overlays, against its real
 * configuration: this module's application.yml and the configuration metadata its build wrote. The
 * checks of everything else in those files are cleanup-service's ComposeFileTests and KubernetesManifestsTests.
 */
class ApiDeploymentTests {

    private static final ServiceConfiguration API = ServiceConfiguration.of("api-service", ApiApplication.class);

    @Test
    void composeAgreesWithTheApisConfiguration() {
        DeploymentAgreement.assertComposeAgrees(API);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kubernetesAgreesWithTheApisConfiguration(String overlay) {
        DeploymentAgreement.assertKubernetesAgrees(RenderedOverlay.of(overlay), API);
    }
}
