/**
 * JMH benchmarks of every module, built into {@code benchmarks/target/benchmarks.jar}. Run with
 * {@code java -jar benchmarks/target/benchmarks.jar REGEX [-f 1 -wi 2 -i 3]}; data sets are generated
 * once into {@code ${vmreplay.bench.dir}} (default {@code ${java.io.tmpdir}/vmreplay-bench}) and reused.
 */
package dev.vmreplay.bench;
