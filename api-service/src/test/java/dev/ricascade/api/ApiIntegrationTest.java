package dev.ricascade.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

import dev.ricascade.testing.TestServersConfiguration;

/**
 * The API on a random port against the test servers, in a namespace of the test class's own, reading the
 * repository's manifest. Add {@code @Import(CleanupServiceConfiguration.class)} to run the real cleanup
 * service beside it, or extend {@link EndToEndIntegration}, which does that and connects a client.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ricascade.manifest=file:../relationships.yml",
        "ricascade.outbox.poll-interval=100ms",
        "resilience4j.circuitbreaker.instances.outbox.wait-duration-in-open-state=1s"})
@Import(TestServersConfiguration.class)
@DirtiesContext
public @interface ApiIntegrationTest {
}
