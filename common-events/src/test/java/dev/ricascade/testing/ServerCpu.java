package dev.ricascade.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The CPU time the database server and the broker have used, read from {@code /proc} when they run on this machine,
 * as the local servers do: where the time of a benchmark goes besides its own JVM. The server names its pid file
 * ({@code @@pid_file}), the broker its process ({@code os_pid} in the management API). Under Testcontainers they run
 * in containers whose files and processes are not this machine's: then {@link #available()} is false.
 */
public final class ServerCpu {

    /** Linux reports a process's CPU in clock ticks of 1/100 s ({@code USER_HZ}). */
    private static final long NANOS_PER_TICK = 10_000_000L;
    private static final Pattern OS_PID = Pattern.compile("\"os_pid\"\\s*:\\s*\"?(\\d+)");

    private final Path database;
    private final Path broker;

    private ServerCpu(Path database, Path broker) {
        this.database = database;
        this.broker = broker;
    }

    /** Finds both processes; either is left out when it cannot be read here. */
    public static ServerCpu find(JdbcClient db, TestServers.Broker rabbit) {
        return new ServerCpu(stat(databasePid(db)), stat(brokerPid(rabbit)));
    }

    public boolean available() {
        return database != null && broker != null;
    }

    /** The CPU time this JVM has used so far, in ns, all its threads together. */
    public static long thisJvmNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The CPU time another process of this machine has used so far, in ns, or -1 where it cannot be read. */
    public static long processCpuNanos(long pid) {
        return cpuNanos(stat(Long.toString(pid)));
    }

    /** The server's and the broker's CPU time so far, in ns: {database, broker}. */
    public long[] nanos() {
        return new long[] {cpuNanos(database), cpuNanos(broker)};
    }

    private static String databasePid(JdbcClient db) {
        try {
            Path file = Path.of(db.sql("SELECT @@pid_file").query(String.class).single());
            return Files.isReadable(file) ? Files.readString(file).strip() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String brokerPid(TestServers.Broker rabbit) {
        String credentials = Base64.getEncoder().encodeToString((rabbit.user() + ":" + rabbit.password())
                .getBytes(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> nodes = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(rabbit.managementUrl() + "/api/nodes")).header("Authorization", "Basic " + credentials)
                    .build(), HttpResponse.BodyHandlers.ofString());
            Matcher pid = OS_PID.matcher(nodes.body());
            return nodes.statusCode() == 200 && pid.find() ? pid.group(1) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The process's {@code /proc/<pid>/stat}, when there is such a process on this machine. */
    private static Path stat(String pid) {
        if (pid == null || !pid.matches("\\d+")) {
            return null;
        }
        Path stat = Path.of("/proc", pid, "stat");
        return Files.isReadable(stat) ? stat : null;
    }

    /** utime + stime, the 14th and 15th fields, counted after the command name in parentheses (which may hold spaces). */
    private static long cpuNanos(Path stat) {
        if (stat == null) {
            return -1;
        }
        try {
            String line = Files.readString(stat);
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            // fields[0] is the 3rd field (state): utime is the 14th, stime the 15th
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
