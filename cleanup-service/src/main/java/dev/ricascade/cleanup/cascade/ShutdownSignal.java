package dev.ricascade.cleanup.cascade;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Raised as soon as the application starts to shut down (before the listener containers finish), so
 * that a long cascade stops at its next batch boundary instead of holding up a rolling update.
 */
@Component
class ShutdownSignal implements SmartLifecycle {

    private volatile boolean running;
    private volatile boolean stopping;

    boolean stopping() {
        return stopping;
    }

    @Override
    public void start() {
        stopping = false;
        running = true;
    }

    @Override
    public void stop() {
        stopping = true;
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE; // stopped in the first shutdown phase, with the listener containers
    }
}
