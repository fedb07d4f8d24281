package dev.vmreplay.spark;

import dev.vmreplay.cli.ExitCodes;
import dev.vmreplay.cli.VmreplayCommand;

import java.util.ArrayList;
import java.util.List;

/**
 * The main class of the application jar ({@code spark/target/vmreplay-spark-app.jar}) for
 * {@code spark-submit}: runs {@code vmreplay sweep ...} or {@code vmreplay plan ...} with the master
 * spark-submit was given, for example
 * {@code spark-submit --master yarn --class dev.vmreplay.spark.SubmitMain vmreplay-spark-app.jar sweep --grid G --out DIR}.
 *
 * <p>SparkSubmit puts its configuration, {@code spark.master} included, into system properties
 * before it calls this class; that property is what lets {@link SparkSweepRunner} accept
 * {@code yarn} and {@code k8s://} masters here and nowhere else.
 *
 * <p>On success this returns rather than exiting: on YARN in cluster mode, a driver that calls
 * {@code System.exit} is reported as failed ("exited early") whatever the code. On failure the
 * one-line error is printed as by {@code ./vmreplay} and the JVM exits with its code (2 for bad input).
 */
public final class SubmitMain {
    private SubmitMain() {
    }

    public static void main(String[] args) {
        int code;
        List<String> command;
        try {
            command = command(args, System.getProperty("spark.master"));
        } catch (IllegalArgumentException e) {
            System.err.println("vmreplay: " + e.getMessage());
            System.exit(ExitCodes.BAD_INPUT);
            return;
        }
        code = VmreplayCommand.execute(command.toArray(String[]::new));
        if (code != ExitCodes.OK) {
            System.exit(code);
        }
    }

    /**
     * The vmreplay command line to run: the arguments with {@code --spark MASTER} added.
     *
     * @throws IllegalArgumentException when not under spark-submit, for a command other than sweep
     *     or plan, or when the arguments name a master of their own
     */
    static List<String> command(String[] args, String sparkMaster) {
        if (sparkMaster == null || sparkMaster.isBlank()) {
            throw new IllegalArgumentException("SubmitMain runs under spark-submit (no spark.master is set); "
                    + "use ./vmreplay ... --spark MASTER to run Spark from vmreplay itself");
        }
        if (args.length == 0 || !(args[0].equals("sweep") || args[0].equals("plan"))) {
            throw new IllegalArgumentException("expected 'sweep ...' or 'plan ...' after the application jar, was '"
                    + String.join(" ", args) + "'");
        }
        for (String arg : args) {
            if (arg.equals("--spark") || arg.startsWith("--spark=")) {
                throw new IllegalArgumentException("--spark: under spark-submit the master is spark-submit's --master ("
                        + sparkMaster + "); leave --spark out");
            }
        }
        List<String> command = new ArrayList<>(List.of(args));
        command.add("--spark");
        command.add(sparkMaster);
        return command;
    }
}
