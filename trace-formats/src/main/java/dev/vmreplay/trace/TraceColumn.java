package dev.vmreplay.trace;

/**
 * One column of a trace schema (DESIGN.md section 2).
 *
 * @param name column name as stored in Parquet and Arrow
 * @param type logical integer width
 * @param smallDomain true when the column holds few distinct values (vCPU, op, queue, length), so
 *     storage formats dictionary-encode it; false for time and addresses, which are delta-encoded
 */
public record TraceColumn(String name, Type type, boolean smallDomain) {
    /** Integer widths used by the trace schemas; all signed. */
    public enum Type {
        INT64(64, Long.MIN_VALUE, Long.MAX_VALUE),
        INT32(32, Integer.MIN_VALUE, Integer.MAX_VALUE),
        INT8(8, Byte.MIN_VALUE, Byte.MAX_VALUE);

        private final int bits;
        private final long min;
        private final long max;

        Type(int bits, long min, long max) {
            this.bits = bits;
            this.min = min;
            this.max = max;
        }

        public int bits() {
            return bits;
        }

        /** Smallest value the type holds. */
        public long min() {
            return min;
        }

        /** Largest value the type holds. */
        public long max() {
            return max;
        }

        public String sqlName() {
            return switch (this) {
                case INT64 -> "int64";
                case INT32 -> "int32";
                case INT8 -> "int8";
            };
        }
    }
}
