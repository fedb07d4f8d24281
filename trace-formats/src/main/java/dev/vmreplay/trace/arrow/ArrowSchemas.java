package dev.vmreplay.trace.arrow;

import dev.vmreplay.trace.TraceColumn;
import dev.vmreplay.trace.TraceKind;
import dev.vmreplay.trace.TraceSchema;
import dev.vmreplay.trace.VmManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** The Arrow schemas vmreplay writes: non-nullable signed Int(64/32/8) columns in canonical order. */
public final class ArrowSchemas {
    private ArrowSchemas() {
    }

    /** @param manifestJson stored under {@value VmManifest#METADATA_KEY}, or null for none */
    public static Schema of(TraceKind kind, String manifestJson) {
        List<Field> fields = new ArrayList<>();
        for (TraceColumn c : TraceSchema.columns(kind)) {
            fields.add(new Field(c.name(), FieldType.notNullable(new ArrowType.Int(c.type().bits(), true)), null));
        }
        return new Schema(fields, manifestJson == null ? null : Map.of(VmManifest.METADATA_KEY, manifestJson));
    }
}
