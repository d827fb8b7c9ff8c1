package dev.ricascade.deployment;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a kustomization as {@code kubectl apply -k DIR} (and Argo CD, and Flux) would: {@code kubectl
 * kustomize DIR}, or the standalone {@code kustomize build DIR}, with kustomize's default load restrictor
 * (no file outside a kustomization's own folder).
 * <p>
 * There is no renderer on Maven Central, and Debian's kubernetes-client (kubectl 1.20, kustomize
 * v2.0.3) predates the {@code patches:} field, so a machine needs kubectl 1.21+ or kustomize v4+ on
 * the PATH; this project's machines have kubectl in their image. Without one the tests fail, saying so.
 */
public final class Kustomize {

    private static final Pattern KUSTOMIZE_VERSION = Pattern.compile("\"kustomizeVersion\"\\s*:\\s*\"v(\\d+)\\.");
    // kubectl before 1.24 does not print kustomizeVersion; from 1.21 on it embeds kustomize v4
    private static final Pattern KUBECTL_MINOR = Pattern.compile("\"minor\"\\s*:\\s*\"(\\d+)");

    private static List<String> command;

    private Kustomize() {
    }

    public static String render(Path kustomization) {
        List<String> cmd = new ArrayList<>(command());
        cmd.add(kustomization.toString());
        Result result = run(cmd);
        if (result.exit != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed (exit " + result.exit + "):\n" + result.err);
        }
        return result.out;
    }

    private static synchronized List<String> command() {
        if (command == null) {
            command = findRenderer();
        }
        return command;
    }

    private static List<String> findRenderer() {
        List<String> problems = new ArrayList<>();
        Path kubectl = onPath("kubectl");
        if (kubectl != null) {
            Result version = run(List.of(kubectl.toString(), "version", "--client", "-o", "json"));
            Matcher kustomizeVersion = KUSTOMIZE_VERSION.matcher(version.out);
            Matcher minor = KUBECTL_MINOR.matcher(version.out);
            boolean recent = kustomizeVersion.find() ? Integer.parseInt(kustomizeVersion.group(1)) >= 4
                    : minor.find() && Integer.parseInt(minor.group(1)) >= 21;
            if (recent) {
                return List.of(kubectl.toString(), "kustomize");
            }
            problems.add(kubectl + " embeds a kustomize older than v4 (" + version.out.strip() + ")");
        }
        Path kustomize = onPath("kustomize");
        if (kustomize != null) {
            return List.of(kustomize.toString(), "build");
        }
        problems.add("no kustomize on the PATH");
        throw new AssertionError("Cannot render the Kubernetes overlays: " + String.join("; ", problems) + ". Install kubectl "
                + "1.21 or later (or kustomize v4 or later) on the PATH; Debian's kubernetes-client is too old.");
    }

    private static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(List<String> cmd) {
        try {
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
                process.getOutputStream().close();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", cmd) + " did not finish within 60 s");
                }
                return new Result(process.exitValue(), out, Files.readString(err));
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("could not run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + String.join(" ", cmd), e);
        }
    }
}
