package dev.ricascade.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import dev.ricascade.deployment.DeploymentFiles;

/**
 * Where a benchmark's figures go: the console, its module's {@code target/<benchmark>.txt}, and one section of the
 * summary of the whole run, {@code target/benchmarks.md} at the repository root, ready to paste into
 * docs/benchmarks.md. Each benchmark rewrites the summary from the sections of the same run (the {@code benchmark.run}
 * property, which the {@code benchmark} profile sets to the build's start time), so it holds every benchmark of the
 * last run whatever order the modules ran in, and nothing left over from an earlier one.
 */
public final class BenchmarkReport {

    /** The order of the summary: the figures issue 9 asks for, the others after them by name. */
    private static final List<String> ORDER = List.of("SmallDeletesBenchmark", "CascadeBenchmark",
            "ApiDeleteLatencyBenchmark", "CascadeMemoryBenchmark");
    private static final String RUN = System.getProperty("benchmark.run",
            LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
    private static final String RUN_MARK = "<!-- benchmark run ";
    private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();

    private BenchmarkReport() {
    }

    /** Prints the benchmark's report and writes it to its module's target folder and to the run's summary. */
    public static void publish(String benchmark, String report) {
        System.out.println("\n" + report);
        Path sections = DeploymentFiles.file("target/benchmarks");
        write(Path.of("target", benchmark + ".txt"), report);
        write(sections.resolve(benchmark + ".md"), RUN_MARK + RUN + " -->\n### " + benchmark + " (load average "
                + String.format("%.1f", OS.getSystemLoadAverage()) + " as it ended)\n\n```\n" + report.strip()
                + "\n```\n");
        Path summary = DeploymentFiles.file("target/benchmarks.md");
        write(summary, summary(sections));
        System.out.println("(also in " + Path.of("target", benchmark + ".txt").toAbsolutePath() + "; this run's summary so far: "
                + summary + ")\n");
    }

    /** The median of a round's figures (the mean of the middle two for an even count). */
    public static double median(List<? extends Number> figures) {
        double[] sorted = figures.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String summary(Path sections) {
        List<String> parts = new ArrayList<>();
        parts.add("## Benchmark run of " + RUN + "\n\n" + OS.getAvailableProcessors() + " cores, Java "
                + System.getProperty("java.version") + "\n");
        try (Stream<Path> files = Files.list(sections)) {
            files.sorted(Comparator.comparing(BenchmarkReport::rank).thenComparing(Path::toString))
                    .map(DeploymentFiles::read).filter(section -> section.startsWith(RUN_MARK + RUN + " -->"))
                    .map(section -> section.substring(section.indexOf('\n') + 1)).forEach(parts::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return String.join("\n", parts);
    }

    private static int rank(Path section) {
        int rank = ORDER.indexOf(section.getFileName().toString().replaceFirst("\\.md$", ""));
        return rank < 0 ? ORDER.size() : rank;
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
