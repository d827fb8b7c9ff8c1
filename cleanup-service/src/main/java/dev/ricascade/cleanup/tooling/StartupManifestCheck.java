package dev.ricascade.cleanup.tooling;

import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.ricascade.cleanup.tooling.Finding.Severity;
import dev.ricascade.manifest.Manifest;

/**
 * Checks the manifest against the live schema while the service starts, before any listener or
 * schedule does: a manifest that does not match the database is refused, with every finding listed,
 * rather than discovered one failed cascade at a time.
 */
@Component
class StartupManifestCheck implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(StartupManifestCheck.class);

    private final DataSource dataSource;
    private final Manifest manifest;
    private final CheckProperties properties;
    private final Runnable pause;

    @Autowired
    StartupManifestCheck(DataSource dataSource, Manifest manifest, CheckProperties properties) {
        this(dataSource, manifest, properties, StartupManifestCheck::pauseBeforeCheckingAgain);
    }

    /** @param pause what happens between two checks (a test migrates the schema there) */
    StartupManifestCheck(DataSource dataSource, Manifest manifest, CheckProperties properties, Runnable pause) {
        this.dataSource = dataSource;
        this.manifest = manifest;
        this.properties = properties;
        this.pause = pause;
    }

    @Override
    public void afterPropertiesSet() {
        if (!properties.onStartup()) {
            return;
        }
        long deadline = System.nanoTime() + properties.schemaWait().toNanos();
        List<Finding> findings = new ManifestCheck(dataSource).check(manifest, null);
        while (!fatal(findings).isEmpty() && System.nanoTime() < deadline) {
            log.info("manifest check: {} problem(s), such as \"{}\"; checking again until the schema matches (at most {})",
                    fatal(findings).size(), fatal(findings).get(0), properties.schemaWait());
            pause.run();
            findings = new ManifestCheck(dataSource).check(manifest, null);
        }
        findings.stream().filter(f -> f.severity() == Severity.WARNING).forEach(f -> log.warn("manifest check: {}", f));
        List<Finding> fatal = fatal(findings);
        if (!fatal.isEmpty()) {
            throw new IllegalStateException("the relationship manifest " + manifest.source() + " does not match the database "
                    + "(set ricascade.check.on-startup=false to start anyway):\n  - "
                    + String.join("\n  - ", fatal.stream().map(Finding::toString).toList()));
        }
        log.info("manifest check: {} relationship(s) match the database ({} warning(s))", manifest.relationships().size(),
                findings.size());
    }

    private List<Finding> fatal(List<Finding> findings) {
        return findings.stream().filter(f -> f.severity() == Severity.ERROR || properties.failOnWarnings()).toList();
    }

    private static void pauseBeforeCheckingAgain() {
        try {
            Thread.sleep(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the schema to match the manifest", e);
        }
    }
}
