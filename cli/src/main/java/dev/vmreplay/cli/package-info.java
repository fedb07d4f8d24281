/**
 * The {@code vmreplay} command line (picocli): the root command, one class per subcommand, shared
 * option mixins and the mapping from exception types to exit codes (DESIGN.md section 6). Commands
 * are thin adapters: they parse, call the library modules and render; no model logic lives here.
 */
package dev.vmreplay.cli;
