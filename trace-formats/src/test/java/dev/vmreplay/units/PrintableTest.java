package dev.vmreplay.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PrintableTest {
    @Test
    void printableTextIsReturnedAsIs() {
        String text = "t.csv: line 3: unknown access kind 'Q' — 10 Gbit/s × 2, grüße";
        assertSame(text, Printable.escape(text));
    }

    @Test
    void controlsReplacementAndInvisibleCharactersBecomeEscapes() {
        assertEquals("\\x1B[2J\\x07a\\x09b\\x0D\\x9B\\uFFFD\\u202Ex\\x00",
                Printable.escape("\u001b[2J\u0007a\tb\r\u009b\ufffd\u202ex\u0000"));
    }

    @Test
    void quantityErrorsQuoteTheValueEscaped() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Quantity.parseBytes("--memory", "8\u001b[31mGiB"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("'8\\x1B[31mGiB'"), e.getMessage());
    }
}
