#!/usr/bin/env bash
# Rebuilds the bundled catalogue (datasets/src/main/resources/dev/vmreplay/datasets/catalogue/) from the
# real samples in ../shared/samples (or $VMREPLAY_SAMPLES) and the generators. Deterministic: a rebuild
# writes byte-identical files. Run from anywhere: datasets/build-catalogue.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
samples="${VMREPLAY_SAMPLES:-$root/../shared/samples}"
out="$here/src/main/resources/dev/vmreplay/datasets/catalogue"
cd "$root"
mvn -q -B -o -pl datasets -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
rm -rf "$out"
java --add-opens=java.base/java.nio=ALL-UNNAMED -cp "datasets/target/classes:$(cat datasets/target/classpath.txt)" \
    dev.vmreplay.datasets.CatalogueBuilder "$samples" "$out"
ls -l "$out"
du -sh "$out"
