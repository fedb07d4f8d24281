package dev.vmreplay.trace.parquet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.MessageType;

/** Footer-only access to a Parquet file for format and kind detection. */
public final class ParquetFooters {
    private ParquetFooters() {
    }

    /**
     * Top-level column names in file order.
     *
     * @throws dev.vmreplay.trace.TraceFormatException when the footer cannot be read
     */
    public static List<String> columnNames(Path file) {
        ParquetFileReader reader = ParquetColumnarReader.open(file);
        try {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < schema.getFieldCount(); i++) {
                names.add(schema.getFieldName(i));
            }
            return names;
        } finally {
            try {
                reader.close();
            } catch (IOException e) {
                // footer already read; nothing to lose
            }
        }
    }
}
