package dev.ricascade.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The whole machine's CPU time as Linux counts it ({@code /proc/stat}), read before and after a phase of a benchmark:
 * how busy the cores were, and how much of their time the hypervisor gave to other machines ({@code steal}). On a
 * virtual machine the figures of one round move with the neighbours' load: a round whose share stolen is high ran
 * short of CPU for reasons outside the run, which its figures carry. Where the file cannot be read, nothing is said.
 */
public record MachineCpu(long busy, long idle, long steal) {

    private static final Path STAT = Path.of("/proc/stat");

    /** The ticks counted so far over all cores; all zero where {@code /proc/stat} cannot be read. */
    public static MachineCpu now() {
        try {
            // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user)
            String first = Files.readAllLines(STAT).get(0);
            long[] ticks = Arrays.stream(first.trim().split("\\s+")).skip(1).mapToLong(Long::parseLong).toArray();
            return new MachineCpu(ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6], ticks[3] + ticks[4], ticks[7]);
        } catch (IOException | RuntimeException e) {
            return new MachineCpu(0, 0, 0);
        }
    }

    /**
     * The shares of the time since {@code before}, such as "the machine's CPU 45% busy, 3% stolen by the hypervisor",
     * or "the machine's CPU not readable" when there was nothing to read or too little time passed to count.
     */
    public String since(MachineCpu before) {
        double stolen = stolenPercentSince(before);
        if (Double.isNaN(stolen)) {
            return "the machine's CPU not readable";
        }
        return String.format("the machine's CPU %.0f%% busy, %.0f%% stolen by the hypervisor", busyPercentSince(before),
                stolen);
    }

    /** The share of the time since {@code before} the machine's cores were busy, in percent; NaN if unknown. */
    public double busyPercentSince(MachineCpu before) {
        long all = ticksSince(before);
        return all <= 0 ? Double.NaN : 100.0 * (busy - before.busy) / all;
    }

    /** The share of the time since {@code before} the hypervisor gave to other machines, in percent; NaN if unknown. */
    public double stolenPercentSince(MachineCpu before) {
        long all = ticksSince(before);
        return all <= 0 ? Double.NaN : 100.0 * (steal - before.steal) / all;
    }

    private long ticksSince(MachineCpu before) {
        return busy - before.busy + idle - before.idle + steal - before.steal;
    }
}
