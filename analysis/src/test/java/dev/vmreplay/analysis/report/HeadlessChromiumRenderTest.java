package dev.vmreplay.analysis.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Renders the HTML report in Debian's headless chromium, offline: the screenshot must show
 * content (pixel variance, not a blank page) and chromium's network log must hold no request
 * made by the page. Host resolution is mapped to NOTFOUND, so nothing leaves the machine even
 * for the browser's own background requests (which the check tells apart from the page's by
 * their network isolation key: the page's carry {@code file://}). Skipped when chromium is not
 * installed ({@code apt-get install -y chromium}), unless {@code VMREPLAY_REQUIRE_CHROMIUM=1} (set by
 * {@code .ci/run}, which installs it), where a missing browser fails the test.
 */
class HeadlessChromiumRenderTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    @BeforeEach
    void needsChromium() {
        if ("1".equals(System.getenv("VMREPLAY_REQUIRE_CHROMIUM"))) {
            assertTrue(Files.isExecutable(CHROMIUM), "VMREPLAY_REQUIRE_CHROMIUM=1 but " + CHROMIUM + " is missing");
        }
        assumeTrue(Files.isExecutable(CHROMIUM),
                "chromium not installed (apt-get install -y chromium): skipping the browser render check");
    }

    /** What one headless chromium visit showed and fetched. */
    private record Visit(BufferedImage screenshot, List<String> pageRequests, Path screenshotFile) {
    }

    private Visit visit(Path html, String name) throws Exception {
        Path work = Files.createDirectory(dir.resolve("visit-" + name));
        Path screenshot = work.resolve("screenshot.png");
        Path netLog = work.resolve("netlog.json");
        Path log = work.resolve("chromium.log");
        List<String> cmd = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--disable-extensions", "--disable-default-apps",
                "--disable-domain-reliability", "--disable-breakpad", "--hide-scrollbars",
                "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=" + work.resolve("profile"),
                "--log-net-log=" + netLog, "--window-size=1400,2400", "--screenshot=" + screenshot,
                html.toUri().toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s");
        }
        assertEquals(0, p.exitValue(), () -> "chromium failed: " + read(log));
        assertTrue(Files.exists(screenshot) && Files.size(screenshot) > 0, "no screenshot");
        return new Visit(ImageIO.read(screenshot.toFile()), pageRequests(netLog), screenshot);
    }

    /** URLs of network requests whose top frame is a file:// page, i.e. requests the page made. */
    private static List<String> pageRequests(Path netLog) throws IOException {
        JsonNode root = new ObjectMapper().readTree(netLog.toFile());
        int startJob = root.path("constants").path("logEventTypes").path("URL_REQUEST_START_JOB").asInt(-1);
        assertTrue(startJob >= 0, "net log without URL_REQUEST_START_JOB events: " + netLog);
        List<String> out = new ArrayList<>();
        for (JsonNode e : root.path("events")) {
            JsonNode params = e.path("params");
            if (e.path("type").asInt() == startJob
                    && params.path("network_isolation_key").asText().startsWith("file://")) {
                out.add(params.path("url").asText());
            }
        }
        return out;
    }

    @Test
    void reportRendersOfflineInHeadlessChromium() throws Exception {
        Path sweep = ReportFixture.sweep(dir);
        ReportFiles.Written w = ReportFiles.write(ReportBuilder.build(sweep, null), dir.resolve("report.html"));
        Visit v = visit(w.html(), "report");
        Path keep = Path.of("target", "report-screenshot.png");
        Files.createDirectories(keep.getParent());
        Files.copy(v.screenshotFile(), keep, StandardCopyOption.REPLACE_EXISTING);

        BufferedImage image = v.screenshot();
        double sum = 0;
        double sumSq = 0;
        long nonWhite = 0;
        long n = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y);
                double lum = 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
                sum += lum;
                sumSq += lum * lum;
                if (lum < 240) {
                    nonWhite++;
                }
                n++;
            }
        }
        double variance = sumSq / n - (sum / n) * (sum / n);
        assertTrue(variance > 100, "screenshot looks blank: luminance variance " + variance);
        assertTrue(nonWhite > n / 50, "screenshot looks blank: " + nonWhite + " of " + n + " sampled pixels are not white");
        assertEquals(List.of(), v.pageRequests(), "the report page made network requests");
    }

    @Test
    void requestCheckCatchesAPageThatLoadsFromTheNetwork() throws Exception {
        // Control: the same check must see a page's external loads (the resolver maps them to NOTFOUND).
        Path page = dir.resolve("external.html");
        Files.writeString(page, "<!DOCTYPE html><html><body><h1>external</h1>"
                + "<img src=\"http://cdn.example.invalid/chart.png\"></body></html>");
        Visit v = visit(page, "control");
        assertEquals(List.of("http://cdn.example.invalid/chart.png"), v.pageRequests());
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "(missing " + p + ")";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
