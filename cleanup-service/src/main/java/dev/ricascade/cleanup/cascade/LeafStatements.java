package dev.ricascade.cleanup.cascade;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs the independent parts of a leaf's statements (each deleting or nulling the children of different
 * parents, each statement its own transaction) one after the other, or side by side on up to
 * {@code ricascade.concurrent-statements} threads, and so connections. Several connections committing at
 * once share the database's log flushes (group commit), the cost that dominates small transactions.
 * Either way every part is finished, or has failed, before {@link #run} returns.
 */
final class LeafStatements implements AutoCloseable {

    private final int concurrency;
    private final ExecutorService threads;

    LeafStatements(int concurrency) {
        this.concurrency = concurrency;
        if (concurrency <= 1) {
            this.threads = null;
            return;
        }
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(concurrency, task -> {
            Thread thread = new Thread(task, "cascade-leaf-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The most of {@code items} one part should take, so that every thread has a part. */
    int share(int items) {
        return Math.max(1, (items + concurrency - 1) / concurrency);
    }

    /**
     * Applies {@code work} to every part and returns the results in order. When parts fail, the others still
     * finish, then the first failure is thrown as it was.
     */
    <P, R> List<R> run(List<P> parts, Function<P, R> work) {
        if (threads == null || parts.size() == 1) {
            return parts.stream().map(work).toList();
        }
        List<Future<R>> futures = parts.stream().map(part -> threads.submit(() -> work.apply(part))).toList();
        List<R> results = new ArrayList<>(parts.size());
        RuntimeException failure = null;
        boolean interrupted = false;
        for (Future<R> future : futures) {
            while (true) {
                try {
                    results.add(future.get());
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the parts are short statements: let them finish, then say so
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException runtime ? runtime
                                : new IllegalStateException(e.getCause());
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    @Override
    public void close() {
        if (threads != null) {
            threads.shutdown();
        }
    }
}
