package dev.vmreplay.analysis.results;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import dev.vmreplay.trace.parquet.ParquetErrors;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the results tables back into Tablesaw tables with the Parquet types kept (int64 as
 * {@link LongColumn}, int32 as {@link IntColumn}, double, boolean, strings; a null string is
 * Tablesaw's missing string, "").
 */
public final class ResultsReader {
    private ResultsReader() {
    }

    /** {@code DIR/results.parquet}. */
    public static Table readResults(Path dir) {
        return read(dir.resolve(ResultsWriter.RESULTS_PARQUET), "results");
    }

    /** {@code DIR/passes.parquet}. */
    public static Table readPasses(Path dir) {
        return read(dir.resolve(ResultsWriter.PASSES_PARQUET), "passes");
    }

    public static Table read(Path file, String tableName) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no results table at " + file + " (run a sweep into that directory first)");
        }
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
        ParquetFileReader opened;
        try {
            opened = ParquetFileReader.open(new LocalInputFile(file), options);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + ParquetErrors.describe(e)
                    + " (not a results table written by a sweep)", e);
        }
        try (ParquetFileReader reader = opened) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            List<Column<?>> columns = new ArrayList<>();
            for (Type field : schema.getFields()) {
                columns.add(emptyColumn(file, field));
            }
            MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
            PageReadStore rowGroup;
            while ((rowGroup = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = io.getRecordReader(rowGroup, new GroupRecordConverter(schema));
                long rows = rowGroup.getRowCount();
                for (long i = 0; i < rows; i++) {
                    Group g = records.read();
                    for (int c = 0; c < columns.size(); c++) {
                        append(columns.get(c), g, c);
                    }
                }
            }
            Table table = Table.create(tableName, columns);
            for (String required : List.of("run_id", "trace", "preset")) {
                if (!table.columnNames().contains(required)) {
                    throw new IllegalArgumentException(file + " is not a vmreplay " + tableName + " table (no column '"
                            + required + "')");
                }
            }
            return table;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + ParquetErrors.describe(e), e);
        } catch (RuntimeException e) {
            if (e.getCause() == null && e instanceof IllegalArgumentException && e.getMessage().startsWith(file.toString())) {
                throw e; // ours, from the checks above
            }
            // parquet-mr reports a truncated or foreign file with plain runtime exceptions
            throw new IllegalArgumentException("cannot read " + file + " (truncated, or not a results table): "
                    + ParquetErrors.describe(e), e);
        }
    }

    private static Column<?> emptyColumn(Path file, Type field) {
        if (!field.isPrimitive()) {
            throw new IllegalArgumentException(file + ": column " + field.getName() + " is not a plain column");
        }
        PrimitiveType.PrimitiveTypeName type = field.asPrimitiveType().getPrimitiveTypeName();
        return switch (type) {
            case INT64 -> LongColumn.create(field.getName());
            case INT32 -> IntColumn.create(field.getName());
            case DOUBLE -> DoubleColumn.create(field.getName());
            case BOOLEAN -> BooleanColumn.create(field.getName());
            case BINARY -> StringColumn.create(field.getName());
            default -> throw new IllegalArgumentException(file + ": column " + field.getName() + " has unsupported type " + type);
        };
    }

    private static void append(Column<?> column, Group g, int field) {
        boolean present = g.getFieldRepetitionCount(field) > 0;
        if (column instanceof LongColumn c) {
            c.append(g.getLong(field, 0));
        } else if (column instanceof IntColumn c) {
            c.append(g.getInteger(field, 0));
        } else if (column instanceof DoubleColumn c) {
            c.append(g.getDouble(field, 0));
        } else if (column instanceof BooleanColumn c) {
            c.append(g.getBoolean(field, 0));
        } else if (column instanceof StringColumn c) {
            if (present) {
                c.append(g.getString(field, 0));
            } else {
                c.appendMissing();
            }
        }
    }
}
