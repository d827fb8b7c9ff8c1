package dev.ricascade.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MachineCpuTests {

    @Test
    void sharesAreOfAllTheTicksBetweenTheReadings() {
        MachineCpu before = new MachineCpu(1_000, 5_000, 10);
        MachineCpu after = new MachineCpu(1_450, 5_500, 60);

        assertThat(after.since(before)).isEqualTo("the machine's CPU 45% busy, 5% stolen by the hypervisor");
        assertThat(after.busyPercentSince(before)).isEqualTo(45.0);
        assertThat(after.stolenPercentSince(before)).isEqualTo(5.0);
    }

    @Test
    void saysNothingWhenNoTimeWasCounted() {
        MachineCpu unreadable = new MachineCpu(0, 0, 0);

        assertThat(unreadable.since(unreadable)).isEqualTo("the machine's CPU not readable");
        assertThat(unreadable.busyPercentSince(unreadable)).isNaN();
        assertThat(unreadable.stolenPercentSince(unreadable)).isNaN();
    }

    @Test
    void readsThisMachinesCounters() {
        MachineCpu now = MachineCpu.now();

        assertThat(now.busy() + now.idle()).as("/proc/stat on Linux").isPositive();
    }
}
