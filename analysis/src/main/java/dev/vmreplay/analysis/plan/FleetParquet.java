package dev.vmreplay.analysis.plan;

import dev.vmreplay.trace.parquet.ParquetErrors;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fleet description stored as Parquet: the CSV's columns, strings (BINARY) or, for
 * {@code count}, integers. A problem is located as row (1-based, over the file) and column
 * (1-based position in the schema), in the "line" and "column" places of the CSV's messages.
 */
final class FleetParquet {
    private FleetParquet() {
    }

    static List<FleetFile.Row> rows(Path file) {
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
        ParquetFileReader opened;
        try {
            opened = ParquetFileReader.open(new LocalInputFile(file), options);
        } catch (IOException | RuntimeException e) {
            throw new FleetFileException(file, 0, 0, "not a Parquet file: " + ParquetErrors.describe(e), e);
        }
        try (ParquetFileReader reader = opened) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            List<String> names = new ArrayList<>();
            for (int c = 0; c < schema.getFieldCount(); c++) {
                Type field = schema.getType(c);
                if (!FleetFile.COLUMNS.contains(field.getName())) {
                    throw new FleetFileException(file, 0, 0, "unknown column '" + field.getName() + "' (columns: "
                            + String.join(", ", FleetFile.COLUMNS) + ")");
                }
                if (!field.isPrimitive() || field.isRepetition(Type.Repetition.REPEATED)) {
                    throw new FleetFileException(file, 0, 0, "column '" + field.getName() + "' is not a plain column");
                }
                names.add(field.getName());
            }
            for (String required : FleetFile.REQUIRED) {
                if (!names.contains(required)) {
                    throw new FleetFileException(file, 0, 0, "missing column '" + required
                            + "' (required: vm, trace, source_host)");
                }
            }
            MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
            List<FleetFile.Row> rows = new ArrayList<>();
            PageReadStore rowGroup;
            int rowNo = 0;
            while ((rowGroup = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = io.getRecordReader(rowGroup, new GroupRecordConverter(schema));
                for (long i = 0; i < rowGroup.getRowCount(); i++) {
                    Group g = records.read();
                    rowNo++;
                    Map<String, String> values = new LinkedHashMap<>();
                    Map<String, Integer> columns = new HashMap<>();
                    for (int c = 0; c < names.size(); c++) {
                        values.put(names.get(c), text(g, c, schema.getType(c).asPrimitiveType()));
                        columns.put(names.get(c), c + 1);
                    }
                    rows.add(new FleetFile.Row(rowNo, values, columns));
                }
            }
            return rows;
        } catch (IOException | RuntimeException e) {
            if (e instanceof FleetFileException f) {
                throw f;
            }
            throw new FleetFileException(file, 0, 0, "cannot read the fleet (truncated?): " + ParquetErrors.describe(e), e);
        }
    }

    private static String text(Group g, int field, PrimitiveType type) {
        if (g.getFieldRepetitionCount(field) == 0) {
            return "";
        }
        return switch (type.getPrimitiveTypeName()) {
            case INT32 -> Integer.toString(g.getInteger(field, 0));
            case INT64 -> Long.toString(g.getLong(field, 0));
            case BINARY -> g.getString(field, 0).trim();
            default -> g.getValueToString(field, 0);
        };
    }
}
