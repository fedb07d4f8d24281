package dev.vmreplay.trace.parquet;

import dev.vmreplay.trace.TraceColumn;
import dev.vmreplay.trace.TraceKind;
import dev.vmreplay.trace.TraceSchema;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/** The Parquet schemas vmreplay writes: every column REQUIRED, int8 stored as INT32 with INT(8). */
public final class ParquetSchemas {
    private ParquetSchemas() {
    }

    public static MessageType of(TraceKind kind) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (TraceColumn c : TraceSchema.columns(kind)) {
            switch (c.type()) {
                case INT64 -> b.required(PrimitiveTypeName.INT64).named(c.name());
                case INT32 -> b.required(PrimitiveTypeName.INT32).named(c.name());
                case INT8 -> b.required(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(8, true)).named(c.name());
                default -> throw new IllegalStateException(c.type().toString());
            }
        }
        return b.named(kind == TraceKind.MEMORY ? "vmreplay_memory_trace" : "vmreplay_io_trace");
    }
}
