package dev.vmreplay.cli;

import dev.vmreplay.engine.MigrationConfig;
import dev.vmreplay.engine.Presets;
import dev.vmreplay.engine.config.ConfigKey;
import dev.vmreplay.engine.config.ConfigRegistry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vmreplay presets [NAME]...}: every preset with every setting; {@code --keys} lists the
 * configuration keys with unit, default, allowed values and where each default comes from.
 */
@Command(
        name = "presets",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Print the named configurations (presets) with every setting, or with --keys every configuration key"
                    + " with its type, default, allowed values and where the default number comes from."
        })
final class PresetsCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Presets to print (default: all).")
    private List<String> names = new ArrayList<>();

    @Option(names = "--keys", description = "List the configuration keys instead of the presets.")
    private boolean keys;

    @Mixin
    private FormatOption format;

    @Mixin
    private VerboseOption verbose;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String> chosen = names.isEmpty() ? Presets.names() : names;
        for (String n : chosen) {
            Presets.settings(n); // unknown names fail before any output
        }
        if (keys) {
            printKeys(out);
        } else if (format.format() == OutputFormat.JSON) {
            JsonOutput.write(out, json -> {
                json.writeStartArray();
                for (String n : chosen) {
                    json.writeStartObject();
                    json.writeStringField("preset", n);
                    json.writeObjectFieldStart("config");
                    for (Map.Entry<String, String> e : Presets.config(n, Map.of()).effectiveSettings().entrySet()) {
                        json.writeStringField(e.getKey(), e.getValue());
                    }
                    json.writeEndObject();
                    json.writeEndObject();
                }
                json.writeEndArray();
            });
        } else {
            printTable(out, chosen);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void printTable(PrintWriter out, List<String> chosen) {
        MigrationConfig defaults = MigrationConfig.defaults();
        for (String n : chosen) {
            Map<String, String> own = Presets.settings(n);
            out.println(n);
            int w = 0;
            for (ConfigKey k : ConfigRegistry.keys()) {
                w = Math.max(w, k.name().length());
            }
            for (Map.Entry<String, String> e : Presets.config(n, Map.of()).effectiveSettings().entrySet()) {
                String mark = own.containsKey(e.getKey())
                        && !e.getValue().equals(defaults.effectiveSettings().get(e.getKey())) ? "  *" : "";
                out.println("  " + pad(e.getKey(), w) + "  " + e.getValue() + mark);
            }
            out.println();
        }
        out.println("* = differs from the default");
    }

    private void printKeys(PrintWriter out) {
        if (format.format() == OutputFormat.JSON) {
            JsonOutput.write(out, json -> {
                json.writeStartArray();
                for (ConfigKey k : ConfigRegistry.keys()) {
                    json.writeStartObject();
                    json.writeStringField("key", k.name());
                    json.writeStringField("type", k.kind().label());
                    json.writeStringField("default", k.canonical(k.defaultText()));
                    json.writeStringField("allowed", k.allowedText());
                    json.writeStringField("description", k.description());
                    json.writeEndObject();
                }
                json.writeEndArray();
            });
            return;
        }
        for (ConfigKey k : ConfigRegistry.keys()) {
            out.println(k.name() + " = " + k.canonical(k.defaultText()) + "   (" + k.kind().label() + ": "
                    + k.allowedText() + ")");
            out.println("    " + k.description());
        }
    }

    private static String pad(String s, int w) {
        StringBuilder sb = new StringBuilder(s);
        while (sb.length() < w) {
            sb.append(' ');
        }
        return sb.toString();
    }
}
