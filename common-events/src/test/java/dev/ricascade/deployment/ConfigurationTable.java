package dev.ricascade.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docs/configuration.md's table of every setting, read as rows of property, service and default, so that each
 * service's tests can hold it to the service's real configuration ({@link ServiceConfiguration}): every
 * {@code ricascade.*} property the service binds has a row that names the service and the default it really has.
 *
 * @param file the table's page, from the repository root
 * @param rows by property; a row naming several ({@code `ricascade.capture.host` / `.port`}) gives one each
 */
public record ConfigurationTable(Path file, Map<String, Row> rows) {

    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    /**
     * @param services {@code api}, {@code cleanup} or {@code both}, as the table's service column says
     * @param value    the documented default: empty for {@code empty}, null for {@code none}
     */
    public record Row(String property, String services, String value) {

        boolean names(String service) {
            return services.equals("both") || services.equals(service);
        }
    }

    public static ConfigurationTable read() {
        Path file = DeploymentFiles.file("docs/configuration.md");
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : DeploymentFiles.read(file).lines().toList()) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.substring(1).split("\\|", 4);
            List<String> properties = properties(cells[0].strip());
            List<String> defaults = defaults(cells[2].strip(), properties.size(), cells[0].contains(" / ") ? " / " : ", ");
            for (int i = 0; i < properties.size(); i++) {
                rows.put(properties.get(i), new Row(properties.get(i), cells[1].strip(), defaults.get(i)));
            }
        }
        return new ConfigurationTable(DeploymentFiles.root().relativize(file), rows);
    }

    /**
     * Fails, naming each, for every {@code ricascade.*} property of the service that has no row, a row that does not
     * name the service, or a documented default that is not the service's own (its application.yml's value, else its
     * {@code @ConfigurationProperties} default, else none).
     */
    public void assertDocuments(ServiceConfiguration configuration) {
        String service = configuration.name().replace("-service", "");
        List<String> missing = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (String property : configuration.properties()) {
            if (!property.startsWith("ricascade.")) {
                continue;
            }
            String value = configuration.applicationYml().getOrDefault(property, configuration.defaults().get(property));
            Row row = rows.get(property);
            if (row == null) {
                missing.add("| `" + property + "` | " + service + " | " + (value == null ? "none"
                        : value.isEmpty() ? "empty" : "`" + value + "`") + " | … |");
            } else if (!row.names(service)) {
                wrong.add(property + ": the row says service '" + row.services() + "', but " + configuration.name()
                        + " binds it (say `" + service + "` or `both`)");
            } else if (!String.valueOf(row.value()).equals(String.valueOf(value))) {
                wrong.add(property + ": the row says default " + shown(row.value()) + ", " + configuration.name()
                        + "'s is " + shown(value));
            }
        }
        assertThat(missing).as("%s's properties that %s has no row for; add these rows (with what each does):\n%s\n",
                configuration.name(), file, String.join("\n", missing)).isEmpty();
        assertThat(wrong).as("rows of %s that do not say what %s has", file, configuration.name()).isEmpty();
    }

    /** {@code `a.b.c` / `.d`}: the names in the cell, those starting with a dot next to the first one's parent. */
    private static List<String> properties(String cell) {
        List<String> names = new ArrayList<>();
        Matcher m = CODE.matcher(cell);
        while (m.find()) {
            String name = m.group(1);
            names.add(name.startsWith(".") && !names.isEmpty()
                    ? names.get(0).substring(0, names.get(0).lastIndexOf('.')) + name : name);
        }
        return names;
    }

    /** {@code `20` (1 to 64)}, {@code `root` / empty}, {@code none}: the default of each of the row's properties. */
    private static List<String> defaults(String cell, int count, String separator) {
        String[] parts = count > 1 ? cell.split(Pattern.quote(separator), count) : new String[] {cell};
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String part = i < parts.length ? parts[i].strip() : "";
            Matcher m = CODE.matcher(part);
            values.add(part.startsWith("`") && m.find() ? m.group(1)
                    : part.startsWith("empty") ? "" : part.startsWith("none") ? null : part);
        }
        return values;
    }

    private static String shown(String value) {
        return value == null ? "none" : value.isEmpty() ? "empty" : "`" + value + "`";
    }
}
