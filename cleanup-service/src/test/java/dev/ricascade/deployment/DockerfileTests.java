package dev.ricascade.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/** The one Dockerfile both services' images are built from. No Docker engine needed. */
class DockerfileTests {

    private final List<String> lines = DeploymentFiles.read(DeploymentFiles.file("Dockerfile")).lines().toList();

    @Test
    void buildsWithTheBuiltInFrontendSoNoRegistryIsNeededForTheFrontendItself() {
        // a "# syntax=" parser directive makes every build fetch that frontend image from a registry first
        assertThat(lines).noneMatch(line -> line.strip().toLowerCase(Locale.ROOT).matches("#\\s*syntax\\s*=.*"));
        // what the built-in frontend must handle: the build cache mount it has supported since BuildKit became the default
        assertThat(lines).anyMatch(line -> line.startsWith("RUN --mount=type=cache,"));
    }

    @Test
    void declaresNoVolumeSoContainersLeaveNoAnonymousVolumesBehind() {
        assertThat(lines).noneMatch(line -> line.strip().toUpperCase(Locale.ROOT).startsWith("VOLUME"));
    }
}
