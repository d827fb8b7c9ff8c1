package dev.ricascade.cleanup.tooling;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.ricascade.cleanup.tooling.Finding.Severity;
import dev.ricascade.manifest.Manifest;
import dev.ricascade.manifest.ManifestException;
import dev.ricascade.manifest.ManifestLoader;
import dev.ricascade.manifest.ManifestWriter;

/**
 * The manifest tools, run from the cleanup service's jar instead of the service when the arguments hold
 * {@code --ricascade.tool=import|check|diagram}. They read the service's own configuration (application.yml,
 * environment, {@code --spring.datasource.url=…}, {@code --ricascade.manifest=…}) but start no listener,
 * web server or schedule: only a DataSource.
 * <pre>
 * --ricascade.tool=import  [--schema=NAME] [--output=FILE] [--drop-statements=FILE] [--force]
 * --ricascade.tool=check   [--schema=NAME]
 * --ricascade.tool=diagram [--output=FILE] [--force]
 * </pre>
 * An existing output file is overwritten only with {@code --force}; the exit statuses are {@link ExitStatus}'s.
 */
public final class ManifestTools {

    static final String SWITCH = "--ricascade.tool=";

    /** Whether these command-line arguments ask for a tool rather than the service. */
    public static boolean requested(String[] args) {
        return Arrays.stream(args).anyMatch(a -> a.startsWith(SWITCH));
    }

    /** Runs the tool the arguments name and returns the process exit status. */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return runTool(args, out, err).code;
    }

    private static ExitStatus runTool(String[] args, PrintStream out, PrintStream err) {
        String tool = Arrays.stream(args).filter(a -> a.startsWith(SWITCH)).findFirst().orElseThrow().substring(SWITCH.length());
        if (!List.of("import", "check", "diagram").contains(tool)) {
            err.println("unknown tool '" + tool + "'; expected --ricascade.tool=import, check or diagram");
            return ExitStatus.CANNOT_RUN;
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ToolContext.class)
                .web(WebApplicationType.NONE)
                .properties(Map.of("spring.main.banner-mode", "off", "logging.level.root", "warn",
                        "spring.main.log-startup-info", "false"))
                .run(args)) {
            Environment environment = context.getEnvironment();
            DataSource dataSource = context.getBean(DataSource.class);
            JdbcClient jdbc = JdbcClient.create(dataSource);
            String schema = environment.getProperty("schema");
            ToolOutput output = new ToolOutput(out, err, forced(environment));
            return switch (tool) {
                case "import" -> importManifest(jdbc, schema, environment, output, err);
                case "check" -> check(dataSource, manifest(environment), schema, out);
                default -> diagram(environment, output);
            };
        } catch (ManifestException | UncheckedIOException | IllegalArgumentException e) {
            err.println(e.getMessage());
            return ExitStatus.CANNOT_RUN;
        } catch (DataAccessException e) {
            err.println("the database refused: " + e.getMostSpecificCause().getMessage()
                    + " (connect with --spring.datasource.url=jdbc:mysql://HOST:PORT/SCHEMA and --spring.datasource.username/password)");
            return ExitStatus.CANNOT_RUN;
        }
    }

    /** {@code --force} or {@code --force=true}; {@code --force=false} does not force. */
    private static boolean forced(Environment environment) {
        return environment.containsProperty("force") && !"false".equalsIgnoreCase(environment.getProperty("force"));
    }

    private static ExitStatus importManifest(JdbcClient jdbc, String schema, Environment environment, ToolOutput output,
                                             PrintStream err) {
        String file = environment.getProperty("output");
        String drops = environment.getProperty("drop-statements");
        output.checkWritable(file, drops);
        ManifestImport.Result result = new ManifestImport(jdbc).read(schema);
        result.skipped().forEach(s -> err.println("skipped " + s));
        String source = result.manifest().source();
        if (result.manifest().relationships().isEmpty()) {
            // an empty manifest would tell the service that nothing cascades: never write one without being asked
            err.println(source + " declares no FOREIGN KEY that could be imported" + (result.skipped().isEmpty() ? ""
                    : " (" + result.skipped().size() + " skipped, see above)") + "; nothing was written. Is "
                    + "--spring.datasource.url (or --schema) naming the database that still has its constraints?");
            return ExitStatus.FOUND_PROBLEMS;
        }
        output.write(ManifestWriter.write(result.manifest(), "Relationship manifest imported from the FOREIGN KEYs of " + source + ".",
                "Check it against the schema with --ricascade.tool=check before the constraints are dropped."), file);
        if (drops != null) {
            output.write("-- Drops the FOREIGN KEYs of " + source + " that the manifest now describes.\n"
                    + String.join("\n", result.dropForeignKeys()) + "\n", drops);
        }
        return ExitStatus.OK;
    }

    private static ExitStatus check(DataSource dataSource, Manifest manifest, String schema, PrintStream out) {
        List<Finding> findings = new ManifestCheck(dataSource).check(manifest, schema);
        findings.forEach(out::println);
        long errors = findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        out.println(manifest.source() + ": " + manifest.relationships().size() + " relationship(s), " + errors + " error(s), "
                + (findings.size() - errors) + " warning(s)");
        return errors == 0 ? ExitStatus.OK : ExitStatus.FOUND_PROBLEMS;
    }

    private static ExitStatus diagram(Environment environment, ToolOutput output) {
        String file = environment.getProperty("output");
        output.checkWritable(file);
        output.write(MermaidDiagram.of(manifest(environment)), file);
        return ExitStatus.OK;
    }

    private static Manifest manifest(Environment environment) {
        Resource resource = new org.springframework.core.io.DefaultResourceLoader()
                .getResource(environment.getProperty("ricascade.manifest", "file:relationships.yml"));
        try {
            return ManifestLoader.load(resource.getInputStream(), resource.getDescription());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the relationship manifest " + resource.getDescription()
                    + "; name it with --ricascade.manifest=file:PATH", e);
        }
    }

    /**
     * The tools' Spring context: a DataSource from the service's configuration and nothing else. Not a
     * {@code @Configuration}, so the service's component scan does not pick it up.
     */
    @ImportAutoConfiguration(DataSourceAutoConfiguration.class)
    static class ToolContext {
    }

    private ManifestTools() {
    }
}
