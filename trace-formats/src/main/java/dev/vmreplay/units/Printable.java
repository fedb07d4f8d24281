package dev.vmreplay.units;

/**
 * Makes text from an input safe to print in a one-line message: control characters (ESC, BEL,
 * carriage return, C1 controls), the replacement character left by undecodable bytes and other
 * invisible code points become escapes, so binary garbage fed to a command can neither drive the
 * terminal nor break the line. Every message that quotes input goes through {@link #escape}.
 */
public final class Printable {
    private Printable() {
    }

    /** {@code text} with every non-printable character as {@code \xNN} (below U+0100) or {@code \}{@code uNNNN}. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = !Character.isISOControl(c) && c != '\uFFFD' && !isInvisible(c);
            if (ok && sb == null) {
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (ok) {
                sb.append(c);
            } else if (c < 0x100) {
                sb.append(String.format("\\x%02X", (int) c));
            } else {
                sb.append(String.format("\\u%04X", (int) c));
            }
        }
        return sb == null ? text : sb.toString();
    }

    private static boolean isInvisible(char c) {
        int type = Character.getType(c);
        // Format characters (bidi overrides, zero-width joiners) reorder or hide what follows.
        return type == Character.FORMAT || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
}
