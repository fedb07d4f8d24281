package dev.vmreplay.spark;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SubmitMain's arguments and the masters only spark-submit can use (no Spark started here). */
class SubmitMainTest {
    @Test
    void theMasterSparkSubmitWasGivenIsAddedToTheCommand() {
        assertEquals(List.of("sweep", "--grid", "g.yaml", "--out", "o", "--spark", "yarn"),
                SubmitMain.command(new String[] {"sweep", "--grid", "g.yaml", "--out", "o"}, "yarn"));
        assertEquals(List.of("plan", "--fleet", "f.csv", "--spark", "k8s://https://api:6443"),
                SubmitMain.command(new String[] {"plan", "--fleet", "f.csv"}, "k8s://https://api:6443"));
    }

    @Test
    void outsideSparkSubmitOtherCommandsOrAMasterOfItsOwnAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SubmitMain.command(new String[] {"sweep"}, null))
                .getMessage().contains("runs under spark-submit"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SubmitMain.command(new String[] {"report", "dir"}, "yarn")).getMessage().contains("'sweep ...' or 'plan ...'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SubmitMain.command(new String[] {"sweep", "--spark", "local[2]"}, "yarn")).getMessage()
                .startsWith("--spark: under spark-submit"));
    }

    @Test
    void yarnAndKubernetesMastersAreAcceptedOnlyWhenSparkSubmitSetThem() {
        String before = System.getProperty("spark.master");
        try {
            System.clearProperty("spark.master");
            assertThrows(IllegalArgumentException.class, () -> new SparkSweepRunner("yarn"));
            assertThrows(IllegalArgumentException.class, () -> new SparkSweepRunner("k8s://https://api:6443"));
            System.setProperty("spark.master", "yarn");
            new SparkSweepRunner("yarn").close(); // checked, Spark not started
            assertThrows(IllegalArgumentException.class, () -> new SparkSweepRunner("k8s://https://api:6443"));
            System.setProperty("spark.master", "k8s://https://api:6443");
            new SparkSweepRunner("k8s://https://api:6443").close();
        } finally {
            if (before == null) {
                System.clearProperty("spark.master");
            } else {
                System.setProperty("spark.master", before);
            }
        }
    }
}
