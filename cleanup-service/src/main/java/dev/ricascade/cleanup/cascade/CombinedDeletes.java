package dev.ricascade.cleanup.cascade;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

import dev.ricascade.cleanup.cascade.CascadeStatements.Timed;
import dev.ricascade.events.ChangeEvent;
import dev.ricascade.manifest.Relationship;
import dev.ricascade.manifest.TableColumns;

/**
 * Combines the delete events that arrive side by side, from every shard this replica consumes and several from each
 * (a shard's consumer takes {@code ricascade.prefetch} events at a time), into one run: their cascades become set-based
 * statements over all their parents (one {@code SELECT} finds the orders of a hundred deleted customers, one
 * {@code DELETE} removes the lines of all those orders), in one transaction that also writes each event's status and
 * counts. A queue of small deletes so costs a few statements and one commit per run instead of a dozen statements and
 * several commits per event.
 * <p>
 * Each event keeps what it has alone: its status row, its own exact counts (every row changed is told to the event
 * whose parent it descends from, {@link ParentChange#owners()}), its message acknowledged only once the run
 * committed. Ordering holds: a shard submits only the deletes that follow each other in its queue, up to its next
 * event of another kind, which waits until they are done; and deletes commute, even two of one row (a row deleted,
 * inserted again and deleted: together, the children of both values go, and the first event is told of a child both
 * match, as it would have deleted it alone). Whatever a run does not do for several events at once makes it roll
 * back ({@link NotCombinableException}: a subtree of a batch or more, a RESTRICT with children, a value held again, a
 * row changed under the run, the statement budget exceeded; and any error, so that a bad event fails alone). The
 * events that caused it, where the run can tell (the one subtree of a batch or more, those whose rows a RESTRICT
 * keeps, two that share a value), run alone exactly as without combining, and the others go into the next run
 * without them; otherwise every event of the run runs alone, or, when the run as a whole was too large, its events go
 * into smaller runs.
 * <p>
 * Runs form by themselves: a thread that submits events while fewer than {@link #RUNS_AT_ONCE} runs are under way
 * starts one with everything waiting, up to {@code ricascade.combined-events}; events arriving meanwhile wait for
 * the next. A lone event is a run of one (one transaction instead of one per statement), and there is no waiting for
 * company.
 */
final class CombinedDeletes {

    private static final Logger log = LoggerFactory.getLogger(CombinedDeletes.class);

    /**
     * Runs that may be under way at once: while one runs its statements, the shards whose events it does not hold
     * acknowledge, receive and gather the next, which runs beside it; two keep the database busy where one left it
     * waiting for the broker. SmallDeletesBenchmark, five rounds each: 1.58 of InnoDB's rate (1.26 to 1.95) against
     * 1.43 (1.30 to 1.47) with one, the runs' p99 53 ms against 49. Events of one row in both (a row deleted, inserted
     * again and deleted) still take the children of both values; the run that deletes such a child first is told of it.
     */
    static final int RUNS_AT_ONCE = 2;

    /** How long a run waits for another event to join it (see {@link #gather}). */
    static final Duration GATHER_QUIET = Duration.ofMillis(1);
    static final Duration GATHER_AT_MOST = Duration.ofMillis(5);

    /** What became of an event submitted to a run. */
    enum Kind {
        /** Its cascade committed with the run: the report says what it changed. */
        DONE,
        /** Its status was done already: a redelivery or a duplicate, nothing ran. */
        DUPLICATE,
        /** It must run alone (see the class comment); nothing of it was changed by the run. */
        ALONE,
        /** The run outlasted the statement budget and rolled back: the event goes into the next, smaller run. */
        AGAIN
    }

    record Result(Kind kind, CascadeReport report) {

        static final Result DUPLICATE = new Result(Kind.DUPLICATE, null);
        static final Result ALONE = new Result(Kind.ALONE, null);
        static final Result AGAIN = new Result(Kind.AGAIN, null);
    }

    private final CascadeEngine engine;
    private final CascadeStatus status;
    private final CascadeMetrics metrics;
    private final TransactionOperations transactions;
    private final Duration budget;
    private final int maxEvents;

    private final RunLog runLog = new RunLog();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition runFinished = lock.newCondition();
    private final Condition arrived = lock.newCondition();
    private final Deque<Submitted> waiting = new ArrayDeque<>();
    /** Runs under way; at most {@link #RUNS_AT_ONCE}. */
    private int running;
    /**
     * The most events the next run takes: {@code ricascade.combined-events} at first, halved by a run that outlasted
     * the statement budget, doubled back by a full one that took less than a quarter of it, so that a busy server gets
     * smaller runs instead of runs that roll back. (A single cascade's statements, {@link BatchSizes}, halve sooner, past
     * a quarter of the budget: a statement cannot be cut short once it runs. The runs' bounds were not measured
     * against that: a run of small deletes takes a few milliseconds.)
     */
    private volatile int runLimit;

    CombinedDeletes(CascadeEngine engine, CascadeStatus status, CascadeMetrics metrics, TransactionOperations transactions,
                    Duration budget, int maxEvents) {
        this.engine = engine;
        this.status = status;
        this.metrics = metrics;
        this.transactions = transactions;
        this.budget = budget;
        this.maxEvents = maxEvents;
        this.runLimit = maxEvents;
    }

    /**
     * Runs the delete events, already checked against the manifest, in the next runs, and returns once every one of
     * them has been in a run that committed or rolled back.
     *
     * @param seenBefore whether the events may have a status row already (delivered before): their run looks it up
     * @return the results at the events' positions
     * @throws CascadeStoppedException the service is shutting down: the events' messages go back to their queue
     */
    List<Result> submit(List<ChangeEvent> events, boolean seenBefore) {
        List<Submitted> mine = events.stream().map(event -> new Submitted(event, seenBefore)).toList();
        lock.lock();
        try {
            waiting.addAll(mine);
            arrived.signal();
            while (!mine.stream().allMatch(Submitted::finished)) {
                if (running >= RUNS_AT_ONCE) {
                    runFinished.awaitUninterruptibly();
                    continue;
                }
                running++;
                metrics.combinedRunStarted(running);
                gather();
                List<Submitted> run = new ArrayList<>();
                while (!waiting.isEmpty() && run.size() < runLimit) {
                    run.add(waiting.poll());
                }
                lock.unlock();
                List<Submitted> again = List.of();
                try {
                    again = execute(run);
                } finally {
                    lock.lock();
                    // first in the queue again, in their order, for the next (smaller) run
                    for (int i = again.size() - 1; i >= 0; i--) {
                        waiting.addFirst(again.get(i));
                    }
                    running--;
                    runFinished.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
        for (Submitted submitted : mine) {
            if (submitted.failure != null) {
                throw submitted.failure;
            }
        }
        return mine.stream().map(submitted -> submitted.result).toList();
    }

    /**
     * Before a run starts: while events keep arriving (the shards the last run released, acknowledging and receiving
     * their next), waits for them, up to {@link #GATHER_QUIET} after the last and {@link #GATHER_AT_MOST} in all. A
     * lone event waits {@link #GATHER_QUIET} once.
     */
    private void gather() {
        long deadline = System.nanoTime() + GATHER_AT_MOST.toNanos();
        int seen = waiting.size();
        while (waiting.size() < runLimit) {
            long left = Math.min(GATHER_QUIET.toNanos(), deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            try {
                arrived.awaitNanos(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (waiting.size() == seen) {
                return;
            }
            seen = waiting.size();
        }
    }

    /** @return the events to run again, in a smaller run */
    private List<Submitted> execute(List<Submitted> run) {
        List<Submitted> again = new ArrayList<>();
        try {
            List<Result> results = run(run.stream().map(s -> s.event).toList(),
                    run.stream().filter(s -> s.seenBefore).map(s -> s.event.eventId()).toList());
            for (int i = 0; i < run.size(); i++) {
                if (results.get(i).kind() == Kind.AGAIN) {
                    again.add(run.get(i));
                } else {
                    run.get(i).result = results.get(i);
                }
            }
        } catch (RuntimeException e) {
            // stopping (the messages go back to their queues) or the status table unreadable: each event learns it
            run.forEach(s -> s.failure = e);
        } finally {
            IllegalStateException unfinished = new IllegalStateException("the combined run ended without a result");
            run.stream().filter(s -> !s.finished() && !again.contains(s)).forEach(s -> s.failure = unfinished);
        }
        return again;
    }

    /**
     * One run: the results at the events' positions.
     *
     * @param seenBefore the ids of those that may have a status row already, looked up first; for any other, a status
     *                   row that exists (published twice) fails the run's insert of the statuses, and all run alone
     */
    List<Result> run(List<ChangeEvent> events, List<String> seenBefore) {
        Result[] results = new Result[events.size()];
        Map<String, String> states = seenBefore.isEmpty() ? Map.of() : status.states(seenBefore);
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            String state = states.get(events.get(i).eventId());
            if ("done".equals(state)) {
                results[i] = Result.DUPLICATE;
            } else if (state != null) {
                results[i] = Result.ALONE; // an interrupted or failed run: its counts so far are added to alone
            } else {
                candidates.add(i);
            }
        }
        if (!candidates.isEmpty()) {
            long started = System.nanoTime();
            RunCounts counts = new RunCounts(started + budget.toNanos());
            Set<Integer> alone = new HashSet<>();
            try {
                transactions.executeWithoutResult(tx -> combine(events, candidates, counts, alone));
                long took = System.nanoTime() - started;
                for (int i : candidates) {
                    results[i] = alone.contains(i) ? Result.ALONE : new Result(Kind.DONE, report(counts.of(i)));
                }
                if (candidates.size() > alone.size()) {
                    metrics.combinedRun(candidates.size() - alone.size());
                    long rows = rowsChanged(counts, candidates);
                    log.debug("Combined run of {} delete event(s) in {} ms: {} row(s) changed; {} to run alone",
                            candidates.size() - alone.size(), took / 1_000_000, rows, alone.size());
                    runLog.ran(candidates.size() - alone.size(), rows);
                }
                if (took > budget.toNanos() && candidates.size() > 1) {
                    runLimit = Math.max(1, Math.min(runLimit, candidates.size()) / 2);
                    metrics.combinedRunOverBudget();
                } else if (candidates.size() >= runLimit && took < budget.toNanos() / 4) {
                    runLimit = Math.min(maxEvents, runLimit * 2);
                }
            } catch (CascadeStoppedException e) {
                throw e;
            } catch (NotCombinableException e) {
                if (e.runTooLarge() && candidates.size() > 1) {
                    runLimit = Math.max(1, Math.min(runLimit, candidates.size()) / 2);
                    metrics.combinedRunOverBudget();
                    log.debug("A combined run of {} event(s) was too large ({}); they go into runs of {}",
                            candidates.size(), e.getMessage(), runLimit);
                    candidates.forEach(i -> results[i] = Result.AGAIN);
                } else if (!e.events().isEmpty() && candidates.size() > e.events().size()) {
                    // the events that caused it run alone; the others go into the next run, without them
                    log.debug("A combined run of {} event(s) rolled back; {} run alone: {}", candidates.size(),
                            e.events().size(), e.getMessage());
                    candidates.forEach(i -> results[i] = e.events().contains(i) ? Result.ALONE : Result.AGAIN);
                    metrics.combinedRunSentAlone(e.events().size());
                } else {
                    log.debug("A combined run of {} event(s) rolled back; each runs alone: {}", candidates.size(),
                            e.getMessage());
                    candidates.forEach(i -> results[i] = Result.ALONE);
                    metrics.combinedRunSentAlone(candidates.size());
                }
            } catch (RuntimeException e) {
                log.debug("A combined run of {} event(s) rolled back; each runs alone: {}", candidates.size(), e.toString());
                candidates.forEach(i -> results[i] = Result.ALONE);
                metrics.combinedRunSentAlone(candidates.size());
            } finally {
                // the run's whole transaction is what holds locks: timed as one statement against the budget
                metrics.progress().statement(System.nanoTime() - started);
            }
        }
        return Arrays.asList(results);
    }

    /** Inside the run's transaction: the checks of every event first, then the cascades, then the statuses and counts. */
    private void combine(List<ChangeEvent> events, List<Integer> candidates, RunCounts counts, Set<Integer> alone) {
        CascadeWalk walk = engine.combinedWalk(counts, CascadeProgress.NONE);
        Map<List<Object>, List<Integer>> groups = new LinkedHashMap<>();
        for (int i : candidates) {
            ChangeEvent event = events.get(i);
            groups.computeIfAbsent(List.of(event.entity(), new TreeSet<>(event.key().keySet())), g -> new ArrayList<>()).add(i);
        }
        for (List<Integer> group : groups.values()) {
            List<Integer> members = new ArrayList<>(group);
            members.removeAll(stillThere(walk, events, members));
            members.removeAll(heldAgain(walk, events, members));
            group.stream().filter(i -> !members.contains(i)).forEach(alone::add);
            if (members.isEmpty()) {
                continue;
            }
            for (Relationship relationship : engine.graph().childrenOf(events.get(members.get(0)).entity())) {
                List<List<Object>> values = new ArrayList<>();
                List<Integer> owners = new ArrayList<>();
                for (int i : members) {
                    List<Object> value = values(events.get(i), relationship.parent().columns());
                    if (!value.contains(null)) {
                        values.add(value);
                        owners.add(i);
                    }
                }
                if (!values.isEmpty()) {
                    walk.apply(relationship, relationship.onDelete(), ParentChange.deleted(values, owners));
                }
            }
        }
        List<ChangeEvent> done = new ArrayList<>();
        List<Map<Relationship, long[]>> rows = new ArrayList<>();
        for (int i : candidates) {
            if (!alone.contains(i)) {
                done.add(events.get(i));
                rows.add(counts.of(i));
            }
        }
        // no deadline check here: every cascade statement has run, and rolling back would hold the locks as long
        // again and then redo it all; a run that ends over budget commits, and the next runs are smaller
        status.recordDone(done, rows);
    }

    /**
     * Events whose row still exists (their own run will refuse them), or whose key lacks a column a relationship
     * references (their own run reports the relationship as skipped): these run alone.
     */
    private List<Integer> stillThere(CascadeWalk walk, List<ChangeEvent> events, List<Integer> members) {
        ChangeEvent first = events.get(members.get(0));
        List<String> columns = List.copyOf(new TreeSet<>(first.key().keySet()));
        for (Relationship relationship : engine.graph().childrenOf(first.entity())) {
            if (!columns.containsAll(relationship.parent().columns())) {
                return members;
            }
        }
        return positions(walk, new TableColumns(first.entity(), columns), events, members);
    }

    /**
     * Events whose parent value another row holds again, for a relationship on other columns than the event's key
     * (on the key itself the row-still-exists check said no): their own run reports the conflict.
     */
    private List<Integer> heldAgain(CascadeWalk walk, List<ChangeEvent> events, List<Integer> members) {
        if (members.isEmpty()) {
            return List.of();
        }
        ChangeEvent first = events.get(members.get(0));
        Set<String> key = first.key().keySet();
        Set<Integer> held = new HashSet<>();
        for (Relationship relationship : engine.graph().childrenOf(first.entity())) {
            if (!new HashSet<>(relationship.parent().columns()).equals(key)) {
                List<Integer> withValues = members.stream()
                        .filter(i -> !values(events.get(i), relationship.parent().columns()).contains(null)).toList();
                if (!withValues.isEmpty()) {
                    held.addAll(positions(walk, relationship.parent(), events, withValues));
                }
            }
        }
        return List.copyOf(held);
    }

    /** The members (event indexes) whose values in these columns a row of the table holds, as the database compares. */
    private List<Integer> positions(CascadeWalk walk, TableColumns columns, List<ChangeEvent> events, List<Integer> members) {
        List<List<Object>> values = members.stream().map(i -> values(events.get(i), columns.columns())).toList();
        Timed<Set<Integer>> found = engine.statements().referencedParents(columns, values);
        walk.report.statement(found.nanos());
        return found.value().stream().map(members::get).toList();
    }

    private static List<Object> values(ChangeEvent event, List<String> columns) {
        List<Object> values = new ArrayList<>(columns.size());
        columns.forEach(column -> values.add(event.key().get(column)));
        return Collections.unmodifiableList(values);
    }

    private static long rowsChanged(RunCounts counts, List<Integer> events) {
        long rows = 0;
        for (int i : events) {
            for (long[] changed : counts.of(i).values()) {
                for (long n : changed) {
                    rows += n;
                }
            }
        }
        return rows;
    }

    /** The event's report once the run committed; telling it moves the metrics too. */
    private CascadeReport report(Map<Relationship, long[]> rows) {
        CascadeReport report = new CascadeReport(metrics.progress());
        rows.forEach((relationship, counts) -> {
            for (RowChange change : RowChange.values()) {
                report.rowsChanged(relationship, change, counts[change.ordinal()]);
            }
        });
        return report;
    }

    /**
     * The runs' INFO line, at most one a second, for what ran since the last: a line per run cost a twentieth of the
     * consumers' CPU at a few thousand events a second (SmallDeletesBenchmark under JFR), and one per event a seventh.
     * A run after a quiet second is told at once, so a lone event published by hand shows up in the log.
     */
    private static final class RunLog {

        private static final long EVERY_NANOS = Duration.ofSeconds(1).toNanos();

        private long lastNanos = System.nanoTime() - EVERY_NANOS;
        private int runs;
        private long events;
        private long rows;

        synchronized void ran(int runEvents, long runRows) {
            runs++;
            events += runEvents;
            rows += runRows;
            long now = System.nanoTime();
            if (now - lastNanos >= EVERY_NANOS) {
                log.info("{} delete event(s) done in {} combined run(s) since the last such line: {} row(s) changed",
                        events, runs, rows);
                lastNanos = now;
                runs = 0;
                events = 0;
                rows = 0;
            }
        }
    }

    private static final class Submitted {

        private final ChangeEvent event;
        private final boolean seenBefore;
        private Result result;
        private RuntimeException failure;

        private Submitted(ChangeEvent event, boolean seenBefore) {
            this.event = event;
            this.seenBefore = seenBefore;
        }

        private boolean finished() {
            return result != null || failure != null;
        }
    }
}
