package dev.ricascade.deployment;

import static dev.ricascade.deployment.DeploymentFiles.asMap;
import static dev.ricascade.deployment.DeploymentFiles.list;
import static dev.ricascade.deployment.DeploymentFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One Kubernetes overlay (k8s/overlays/NAME) rendered as {@code kubectl apply -k} receives it, with
 * ways to find its resources by kind and name (generated ones carry kustomize's hash suffix).
 */
public final class RenderedOverlay {

    private static final Map<String, RenderedOverlay> RENDERED = new ConcurrentHashMap<>();

    private final String name;
    private final List<Map<String, Object>> resources;

    private RenderedOverlay(String name, List<Map<String, Object>> resources) {
        this.name = name;
        this.resources = resources;
    }

    /** The overlay, rendered once per test run. */
    public static RenderedOverlay of(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> new RenderedOverlay(o,
                DeploymentFiles.yamlAll(Kustomize.render(DeploymentFiles.file("k8s/overlays").resolve(o)))));
    }

    public String name() {
        return name;
    }

    public List<Map<String, Object>> resources() {
        return resources;
    }

    /** The one resource of a kind with a name, or with the name plus the hash suffix kustomize gives generated ones. */
    public Map<String, Object> one(String kind, String resourceName) {
        List<Map<String, Object>> matches = resources.stream().filter(r -> kind.equals(r.get("kind")))
                .filter(r -> name(r).equals(resourceName) || name(r).matches(Pattern.quote(resourceName) + "-[a-z0-9]{10}"))
                .toList();
        assertThat(matches).as("%s renders one %s %s", name, kind, resourceName).hasSize(1);
        return matches.get(0);
    }

    /** The data of the ConfigMap ricascade-config: where the services find MySQL, RabbitMQ and the manifest. */
    public Map<String, Object> config() {
        return map(one("ConfigMap", "ricascade-config"), "data");
    }

    /** The container of a Deployment that bears the Deployment's name. */
    public Map<String, Object> container(String deployment) {
        return containers(one("Deployment", deployment)).stream().filter(c -> deployment.equals(c.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no container " + deployment + " in its Deployment"));
    }

    /** The names of a container's environment variables, those of the ConfigMaps it takes whole included. */
    public Set<String> environmentNames(Map<String, Object> container) {
        Set<String> names = new TreeSet<>();
        Object env = container.get("env");
        if (env != null) {
            list(env, "env").forEach(e -> names.add(String.valueOf(asMap(e, "env").get("name"))));
        }
        Object envFrom = container.get("envFrom");
        if (envFrom != null) {
            for (Object source : list(envFrom, "envFrom")) {
                String configMap = String.valueOf(map(asMap(source, "envFrom"), "configMapRef").get("name"));
                resources.stream().filter(r -> "ConfigMap".equals(r.get("kind")) && configMap.equals(name(r)))
                        .findFirst().ifPresentOrElse(c -> names.addAll(map(c, "data").keySet()),
                                () -> { throw new AssertionError("envFrom names the missing ConfigMap " + configMap); });
            }
        }
        return names;
    }

    /** The Secret keys a container's environment reads ({@code valueFrom.secretKeyRef}). */
    public static List<String> secretKeys(Map<String, Object> container) {
        List<String> keys = new ArrayList<>();
        Object env = container.get("env");
        if (env != null) {
            for (Object e : list(env, "env")) {
                Object from = asMap(e, "env").get("valueFrom");
                if (from != null && asMap(from, "valueFrom").containsKey("secretKeyRef")) {
                    keys.add(String.valueOf(map(asMap(from, "valueFrom"), "secretKeyRef").get("key")));
                }
            }
        }
        return keys;
    }

    public static List<Map<String, Object>> containers(Map<String, Object> resource) {
        Object spec = resource.get("spec");
        if (!(spec instanceof Map<?, ?>) || !asMap(spec, "spec").containsKey("template")) {
            return List.of();
        }
        List<Map<String, Object>> containers = new ArrayList<>();
        list(map(resource, "spec", "template", "spec").get("containers"), "containers").forEach(c -> containers.add(asMap(c, "container")));
        return containers;
    }

    public static String name(Map<String, Object> resource) {
        return String.valueOf(map(resource, "metadata").get("name"));
    }
}
