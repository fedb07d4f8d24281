package dev.vmreplay.spark;

import dev.vmreplay.analysis.EngineBackend;
import dev.vmreplay.analysis.cache.TraceLocation;
import dev.vmreplay.analysis.ReplayBackend;
import dev.vmreplay.analysis.results.RunRecord;
import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.analysis.results.RunStore;
import dev.vmreplay.analysis.sweep.SweepExecutor;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Function1;
import scala.Function2;
import scala.reflect.ClassTag$;
import scala.runtime.BoxedUnit;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * Runs the runs of a sweep as Spark tasks, one run per task, for
 * {@code vmreplay sweep --spark MASTER}: plug it into
 * {@link dev.vmreplay.analysis.sweep.SweepRunner#SweepRunner(SweepExecutor, dev.vmreplay.analysis.sweep.SweepListener)}.
 *
 * <p>Each task replays its run with {@link EngineBackend} inside the executor and sends back the run
 * record as the JSON {@link RunStore} writes. The driver hands each record over as its task ends
 * (SweepRunner stores it at once, so a stopped sweep resumes as a local one does) and SweepRunner
 * assembles the tables in run order: they are byte-identical to a local sweep's. A trace given as a
 * path is opened by that path on the executors, so it must sit on a filesystem every executor sees
 * at the same path; a trace given as a URI ({@code hdfs:}, {@code s3a:}) is fetched by each executor
 * once into its {@link dev.vmreplay.analysis.cache.TraceCache} and converted to Arrow IPC once there,
 * and every run of it on that executor reads the mapped copy.
 * On a standalone cluster the executors load vmreplay from the driver's classpath
 * ({@link #EXECUTOR_CLASS_PATH}).
 *
 * <p>The cli finds this class by name ({@link #CLASS_NAME}) so that it never depends on Spark.
 */
public final class SparkSweepRunner implements SweepExecutor {
    /** The name the cli loads this class by. */
    public static final String CLASS_NAME = "dev.vmreplay.spark.SparkSweepRunner";

    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?\\])?");
    private static final Pattern STANDALONE = Pattern.compile("spark://[^\\s/]+(:[0-9]+)?(,[^\\s/]+(:[0-9]+)?)*");
    /** Masters whose cluster setup (Hadoop configuration, a container image) only spark-submit provides. */
    private static final Pattern SUBMIT_ONLY = Pattern.compile("yarn|k8s://\\S+");

    private final String master;
    /** Under spark-submit (see {@link SubmitMain}): it ships the application jar and its settings win. */
    private final boolean submitted;
    private final Map<String, String> settings;
    private JavaSparkContext context;

    /**
     * Checks the master URL without starting Spark: Spark starts when there is a run to run.
     *
     * @param master {@code local[N]}, {@code local[*]} or {@code spark://host:port}; under
     *     spark-submit (the {@code spark.master} system property SparkSubmit sets is this master) also
     *     {@code yarn} and {@code k8s://...}
     * @throws IllegalArgumentException for another master
     */
    public SparkSweepRunner(String master) {
        this(master, Map.of());
    }

    /**
     * As {@link #SparkSweepRunner(String)}, with Spark settings that win over vmreplay's defaults
     * (for example {@code spark.driver.host} on a machine with several addresses). Settings given
     * as {@code -Dspark.KEY=VALUE} system properties apply too, as in any Spark driver.
     */
    public SparkSweepRunner(String master, Map<String, String> settings) {
        this.submitted = master != null && master.equals(System.getProperty("spark.master"));
        if (master == null || !(LOCAL.matcher(master).matches() || STANDALONE.matcher(master).matches()
                || submitted && SUBMIT_ONLY.matcher(master).matches())) {
            throw new IllegalArgumentException("--spark " + master + ": expected local[N], local[*] or spark://HOST:PORT"
                    + " (YARN and Kubernetes: spark-submit the application jar, see README 'spark-submit')");
        }
        this.master = master;
        this.settings = Map.copyOf(settings);
    }

    private static final Path ROOT = Path.of("/");

    /**
     * One run as a task carries it: plain strings, nothing that needs this machine's paths resolved.
     * Traces are locations ({@link TraceLocation#toString()}): an absolute path every executor must
     * see, or a URI each executor fetches once into its own trace cache.
     */
    record RunTask(int index, String trace, String ioTrace, String traceName, String ioTraceName, String preset,
                   String[] keys, String[] values, long assumedMemoryBytes, String fingerprint) implements Serializable {
        static RunTask of(int index, RunSpec spec, String fingerprint) {
            String[] keys = spec.overrides().keySet().toArray(String[]::new);
            String[] values = spec.overrides().values().toArray(String[]::new);
            return new RunTask(index, spec.trace().toString(),
                    spec.ioTrace() == null ? null : spec.ioTrace().toString(), spec.traceName(),
                    spec.ioTraceName(), spec.preset(), keys, values, spec.assumedMemoryBytes(), fingerprint);
        }

        RunSpec spec() {
            Map<String, String> overrides = new LinkedHashMap<>();
            for (int i = 0; i < keys.length; i++) {
                overrides.put(keys[i], values[i]);
            }
            // A location's text reads back as the same location: an absolute path, or a URI as written.
            return new RunSpec(TraceLocation.parse(trace, ROOT), ioTrace == null ? null : TraceLocation.parse(ioTrace, ROOT),
                    traceName, ioTraceName, preset, overrides, assumedMemoryBytes);
        }
    }

    /** What a task sends back: the run record's JSON, or why the run failed. */
    record TaskResult(int index, byte[] recordJson, String errorClass, String errorMessage, String badInputMessage)
            implements Serializable {
    }

    /** The engine of this executor JVM, shared by its tasks (EngineBackend is thread-safe). */
    private static final class Engine {
        static final ReplayBackend BACKEND = new EngineBackend();
    }

    static TaskResult runTask(RunTask task) {
        try {
            RunSpec spec = task.spec();
            RunRecord record = RunRecord.of(spec, task.fingerprint(), Engine.BACKEND.run(spec));
            return new TaskResult(task.index(), RunStore.encode(record), null, null, null);
        } catch (Exception | LinkageError | AssertionError e) {
            // Sent back as data, not thrown: a run with bad input fails the same way on every attempt,
            // so Spark must not retry it, and the user gets our one-line message, not a remote stack trace.
            return new TaskResult(task.index(), null, e.getClass().getName(), e.getMessage(), badInputMessage(e));
        }
    }

    /** Runs the one task of a partition (Scala function: the driver gets each result as its task ends). */
    private static final class PartitionTask
            implements Function1<scala.collection.Iterator<RunTask>, TaskResult>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public TaskResult apply(scala.collection.Iterator<RunTask> tasks) {
            TaskResult result = null;
            while (tasks.hasNext()) {
                if (result != null) {
                    throw new IllegalStateException("more than one run in a partition");
                }
                result = runTask(tasks.next());
            }
            return result;
        }
    }

    @Override
    public void runAll(List<RunSpec> runs, List<String> fingerprints, Finished finished) {
        if (runs.isEmpty()) {
            return;
        }
        List<RunTask> tasks = new ArrayList<>(runs.size());
        for (int i = 0; i < runs.size(); i++) {
            tasks.add(RunTask.of(i, runs.get(i), fingerprints.get(i)));
        }
        JavaSparkContext sc = context();
        String group = "vmreplay-sweep-" + UUID.randomUUID();
        sc.setJobGroup(group, "vmreplay sweep: " + runs.size() + " runs", false);
        // one run per partition, so one run per task
        JavaRDD<RunTask> rdd = sc.parallelize(tasks, tasks.size());
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Function2<Object, TaskResult, BoxedUnit> onResult = (index, result) -> {
            RunSpec spec = runs.get(result.index());
            if (result.recordJson() != null) {
                try {
                    finished.run(spec, RunStore.decode(result.recordJson()));
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, new IllegalStateException("cannot store run " + spec.runId() + ": "
                            + e.getMessage(), e));
                    sc.cancelJobGroup(group);
                }
            } else if (failure.compareAndSet(null, new RunFailedException(spec,
                    new RemoteRunException(result.errorClass(), result.errorMessage(), result.badInputMessage())))) {
                sc.cancelJobGroup(group);
            }
            return BoxedUnit.UNIT;
        };
        try {
            sc.sc().runJob(rdd.rdd(), new PartitionTask(), onResult, ClassTag$.MODULE$.apply(TaskResult.class));
        } catch (Exception e) {
            // Exception, not RuntimeException: Scala throws the checked SparkException (a job that our
            // own failure cancelled, while other runs of it were still going) without declaring it.
            if (failure.get() == null) {
                throw new IllegalStateException("the Spark job failed: " + firstLine(e), e);
            }
        } finally {
            sc.clearJobGroup();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /**
     * The message of the first exception in the chain that says the input is bad (the kinds the
     * cli reports with exit code 2), or null when the failure is not about the input.
     */
    static String badInputMessage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.io.UncheckedIOException) {
                return c.getCause() != null && String.valueOf(c.getMessage()).equals(c.getCause().toString())
                        ? c.getCause().getMessage() : c.getMessage();
            }
            if (c instanceof IllegalArgumentException || c instanceof java.io.IOException
                    || c.getClass().getName().equals("dev.vmreplay.trace.TraceFormatException")) {
                return c.getMessage();
            }
        }
        return null;
    }

    /**
     * A run's failure on an executor, back on the driver: its message is the executor's, and a
     * failure about the input carries an {@link IllegalArgumentException} with that message as its
     * cause, so the cli reports it with the same line and exit code as a failure in a local sweep.
     */
    static final class RemoteRunException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RemoteRunException(String className, String message, String badInputMessage) {
            super(message == null ? className : message,
                    badInputMessage == null ? null : new IllegalArgumentException(badInputMessage));
        }
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The Spark context of this sweep, started on first use (package-private: tests watch its tasks). */
    synchronized JavaSparkContext context() {
        if (context == null) {
            SparkConf conf = new SparkConf().setMaster(master).setAppName("vmreplay sweep")
                    // setIfMissing: spark-submit's --conf (system properties) wins
                    .setIfMissing("spark.ui.enabled", "false")
                    .setIfMissing("spark.ui.showConsoleProgress", "false")
                    // a run with bad input is reported as data; a retry is for a lost executor
                    .setIfMissing("spark.task.maxFailures", "4");
            // spark-submit ships the application jar; outside it, executors load the driver's classpath
            if (!master.startsWith("local") && !submitted && !conf.contains(EXECUTOR_CLASS_PATH)) {
                conf.set(EXECUTOR_CLASS_PATH, System.getProperty("java.class.path", ""));
            }
            settings.forEach(conf::set);
            context = new JavaSparkContext(conf);
        }
        return context;
    }

    /**
     * On a standalone cluster, an executor's JVM gets this setting as its classpath, then the
     * worker's {@code SPARK_HOME/conf} and {@code SPARK_HOME/jars/*}: nothing else of ours. By default
     * it is this driver's own classpath, so vmreplay must be installed at the same path on every
     * worker (as the traces must be). Shipping our jars instead ({@code spark.jars}, which this class
     * did before it was tried on a cluster) fails on workers started from the Maven jars: shipped jars
     * reach the tasks, not the executor JVM, which then cannot start, and the sweep waits for ever
     * (StandaloneClusterTest timed out so). On a Spark distribution it would copy about 250 MB to
     * every executor and load our jars after {@code SPARK_HOME/jars}, so that the distribution's
     * older Parquet would win over ours; and a build's class directories cannot be shipped at all.
     */
    static final String EXECUTOR_CLASS_PATH = "spark.executor.extraClassPath";

    @Override
    public synchronized void close() {
        if (context != null) {
            context.stop();
            context = null;
        }
    }
}
