package dev.ricascade.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The README is the entry and docs/ the reference: the README stays short enough to read to a running cascade, and
 * every relative link in the README and docs/ reaches a file of the repository (and a heading, where it names one).
 */
class DocumentationTests {

    /** About 150 lines, with room for a few more. */
    private static final int README_MOST_LINES = 180;

    // [text](target) outside code; images and autolinks need no check
    private static final Pattern LINK = Pattern.compile("(?<!!)\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern FENCE = Pattern.compile("(?ms)^```.*?^```");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`\\n]*`");
    // docs/page.md or docs/page.md#heading, as a comment of a deployment file names it
    private static final Pattern DOCS_POINTER = Pattern.compile("docs/[\\w.-]+\\.md(#[\\w-]+)?");

    private static final Path ROOT = root();

    @Test
    void theReadmeIsShortAndOpensWithTheTwoCommands() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        String readme = String.join("\n", lines);

        assertThat(lines).as("README.md is the entry; reference material belongs in docs/").hasSizeLessThanOrEqualTo(README_MOST_LINES);
        assertThat(readme).contains("docker compose up --build").contains("cp .env.example .env").contains("./mvnw verify");
        assertThat(readme).as("the curl cascade waits for its Location rather than showing a cascade not run yet")
                .contains("Location").contains("until curl");
    }

    @Test
    void everyRelativeLinkInTheReadmeAndDocsResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            for (String target : links(read(page))) {
                broken.addAll(check(page, target));
            }
        }
        assertThat(broken).as("links that lead nowhere").isEmpty();
    }

    @Test
    void everyPageOfDocsTheDeploymentFilesPointToExists() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path file : deploymentFiles()) {
            Matcher m = DOCS_POINTER.matcher(read(file));
            while (m.find()) {
                String where = ROOT.relativize(file) + " → " + m.group();
                broken.addAll(reaches(where, ROOT.resolve(m.group().replaceFirst("#.*", "")), m.group()));
            }
        }
        assertThat(broken).as("comments of the deployment files that point nowhere").isEmpty();
    }

    @Test
    void theReadmeLinksEveryPageOfDocs() throws IOException {
        Set<String> linked = links(read(ROOT.resolve("README.md"))).stream()
                .map(target -> target.replaceFirst("#.*", "")).collect(Collectors.toSet());
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            assertThat(docs.filter(p -> p.toString().endsWith(".md")).map(p -> "docs/" + p.getFileName()))
                    .as("a page of docs/ that the README does not link is one a newcomer never finds")
                    .allSatisfy(page -> assertThat(linked).contains(page));
        }
    }

    @Test
    void noPageOfDocsPointsOutsideTheRepository() throws IOException {
        for (Path page : pages()) {
            for (String target : links(read(page))) {
                if (!external(target)) {
                    Path resolved = page.getParent().resolve(target.replaceFirst("#.*", "")).normalize();
                    assertThat(resolved.startsWith(ROOT)).as("%s links %s", ROOT.relativize(page), target).isTrue();
                }
            }
            assertThat(read(page)).as("%s names a file outside the repository", ROOT.relativize(page))
                    .doesNotContain("../shared/").doesNotContain("/work/");
        }
    }

    @Test
    void headingsBecomeGitHubAnchors() {
        assertThat(anchor("Without Docker: the services against local servers"))
                .isEqualTo("without-docker-the-services-against-local-servers");
        assertThat(anchor("What the API refuses while a cascade is pending"))
                .isEqualTo("what-the-api-refuses-while-a-cascade-is-pending");
        assertThat(anchor("The api-service's tests")).isEqualTo("the-api-services-tests");
    }

    private static List<String> check(Path page, String target) {
        if (external(target)) {
            return List.of();
        }
        String file = target.replaceFirst("#.*", "");
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        return reaches(ROOT.relativize(page) + " → " + target, resolved, target);
    }

    /** Whether the file exists and, where target names a heading after #, has that heading. */
    private static List<String> reaches(String where, Path resolved, String target) {
        if (!Files.exists(resolved)) {
            return List.of(where + ": no such file");
        }
        int hash = target.indexOf('#');
        if (hash >= 0 && resolved.toString().endsWith(".md")) {
            String anchor = target.substring(hash + 1);
            if (!anchors(read(resolved)).contains(anchor)) {
                return List.of(where + ": no heading #" + anchor + " in " + ROOT.relativize(resolved));
            }
        }
        return List.of();
    }

    private static boolean external(String target) {
        return target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
    }

    private static List<String> links(String markdown) {
        String prose = INLINE_CODE.matcher(FENCE.matcher(markdown).replaceAll("")).replaceAll("");
        List<String> targets = new ArrayList<>();
        Matcher m = LINK.matcher(prose);
        while (m.find()) {
            targets.add(m.group(1));
        }
        return targets;
    }

    private static Set<String> anchors(String markdown) {
        return FENCE.matcher(markdown).replaceAll("").lines()
                .filter(line -> line.startsWith("#"))
                .map(line -> anchor(line.replaceFirst("^#+\\s*", "")))
                .collect(Collectors.toSet());
    }

    /** GitHub's heading anchor: lower case, punctuation dropped, spaces as hyphens. */
    static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replace("`", "").replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** Compose, the Dockerfile and every Kubernetes file: their comments send the reader to docs/. */
    private static List<Path> deploymentFiles() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("docker-compose.yml"), ROOT.resolve("Dockerfile")));
        try (Stream<Path> k8s = Files.walk(ROOT.resolve("k8s"))) {
            k8s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
        }
        return files;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository root: the nearest folder upwards from the working directory with a README.md and docs/. */
    private static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs"))
                    && Files.isRegularFile(dir.resolve("relationships.yml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no README.md with docs/ beside it above " + Path.of("").toAbsolutePath());
    }
}
