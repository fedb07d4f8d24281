-- Builds sort-dirty-epochs.parquet, the small real sample used by the README and the CLI tests,
-- from ../shared/samples/sort-dirty-epochs.csv.gz (GNU sort of a 3M-line file, every 4 KiB page
-- written per 50 ms epoch, recorded with userfaultfd write-protect + PAGEMAP_SCAN).
-- Run from the repository root with the DuckDB CLI:  duckdb < cli/src/test/resources/samples/sort-dirty-epochs.sql
-- It shows how any tool writes a vmreplay memory trace: the five columns, sorted by t_ns, and the
-- manifest as JSON under the Parquet key/value metadata key 'vmreplay.vm'.
--   t_ns  epoch end, ns since recording began (first epoch end = 50 ms)
--   gpa   4096 x dense rank of the process virtual page number: sparse 48-bit addresses become a
--         dense guest-physical range (78,967 pages = 308.5 MiB; memory_bytes 310 MiB, rounded up to 2 MiB)
COPY (
    WITH raw AS (
        SELECT t_ns, vpn
        FROM read_csv('../shared/samples/sort-dirty-epochs.csv.gz', header = true,
                      columns = {'t_ns': 'BIGINT', 'vpn': 'BIGINT'})
    )
    SELECT (t_ns - min(t_ns) OVER () + 50000000)::BIGINT      AS t_ns,
           0::INTEGER                                        AS vcpu,
           ((dense_rank() OVER (ORDER BY vpn) - 1) * 4096)::BIGINT AS gpa,
           4096::INTEGER                                     AS len,
           0::TINYINT                                        AS op
    FROM raw
    ORDER BY t_ns, gpa
) TO 'cli/src/test/resources/samples/sort-dirty-epochs.parquet' (
    FORMAT parquet,
    COMPRESSION zstd,
    KV_METADATA {
        'vmreplay.vm': '{"memory_bytes": 325058560, "vcpus": 1, "large_pages": [], "zero_ranges": [], "io_queues": 0, "io_queue_depth": 0, "provenance": {"source": "sort-dirty-epochs.csv.gz", "program": "GNU sort -S 200M of a shuffled 3M-line file", "recorder": "userfaultfd WP_ASYNC + PAGEMAP_SCAN, 50 ms epochs", "mapping": "gpa = 4096 x dense rank of the virtual page number", "written_by": "DuckDB COPY, cli/src/test/resources/samples/sort-dirty-epochs.sql"}}'
    }
);
