package dev.vmreplay.trace.arrow;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Read-only mappings shared by every reader that opens the same unchanged file while an earlier
 * mapping of the same range is still alive. Replaying the same Arrow cache again and again (a
 * sweep, a benchmark) then costs no new page faults and no new page tables: mapping a 1.3 GB file
 * afresh costs about 300k page-table entries, a sixth of a whole scan on this machine.
 *
 * <p>Sharing is invisible in the data: a shared read-only mapping of a file shows exactly what a
 * fresh mapping of it would (the page cache), and a file replaced by a rename (as every vmreplay
 * writer does) or grown or shrunk is a different key, so it gets its own mapping. A mapping is held
 * weakly: it is unmapped, as any Java mapping, once no reader uses it and the garbage collector has
 * run. Set the system property {@code vmreplay.arrow.shareMappings=false} to map afresh on every open
 * (to measure the cold path).
 */
final class SharedMappings {
    /** The file's identity (device and inode on Unix), its size and the mapped range. */
    private record Key(Object fileKey, long sizeBytes, long position, long lengthBytes) {
    }

    private static final boolean SHARE = !"false".equals(System.getProperty("vmreplay.arrow.shareMappings"));
    private static final Map<Key, WeakReference<MappedByteBuffer>> MAPPINGS = new HashMap<>();

    private SharedMappings() {
    }

    /**
     * An open file: its channel, its size and its identity, or null when its mappings must not be
     * shared.
     */
    record OpenFile(FileChannel channel, long sizeBytes, Object identity) implements AutoCloseable {
        /** Closes the channel; mappings stay valid until they are unreachable. */
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** Opens {@code file} for reading. */
    static OpenFile open(Path file) throws IOException {
        BasicFileAttributes before = SHARE ? Files.readAttributes(file, BasicFileAttributes.class) : null;
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long sizeBytes = channel.size();
            return new OpenFile(channel, sizeBytes, SHARE ? identity(file, before, sizeBytes) : null);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Bytes {@code [position, position + lengthBytes)} of the file, little-endian, at most
     * {@link Integer#MAX_VALUE} bytes. The mapping may be shared: read it only through slices.
     */
    static MappedByteBuffer map(OpenFile file, long position, long lengthBytes) throws IOException {
        if (file.identity() == null) {
            return mapAfresh(file.channel(), position, lengthBytes);
        }
        Key key = new Key(file.identity(), file.sizeBytes(), position, lengthBytes);
        synchronized (MAPPINGS) {
            WeakReference<MappedByteBuffer> ref = MAPPINGS.get(key);
            MappedByteBuffer mapped = ref == null ? null : ref.get();
            if (mapped == null) {
                forgetCollected();
                mapped = mapAfresh(file.channel(), position, lengthBytes);
                MAPPINGS.put(key, new WeakReference<>(mapped));
            }
            return mapped;
        }
    }

    private static MappedByteBuffer mapAfresh(FileChannel channel, long position, long lengthBytes) throws IOException {
        MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, position, lengthBytes);
        mapped.order(ByteOrder.LITTLE_ENDIAN);
        return mapped;
    }

    /**
     * The identity of the file the channel has open, or null when that cannot be told: the file
     * system reports none, or the path named another file (or one of another size) just before or
     * just after the channel was opened.
     */
    private static Object identity(Path file, BasicFileAttributes before, long sizeBytes) throws IOException {
        BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
        Object identity = after.fileKey();
        if (identity == null || !identity.equals(before.fileKey()) || before.size() != sizeBytes
                || after.size() != sizeBytes) {
            return null;
        }
        return identity;
    }

    private static void forgetCollected() {
        for (Iterator<WeakReference<MappedByteBuffer>> it = MAPPINGS.values().iterator(); it.hasNext(); ) {
            if (it.next().get() == null) {
                it.remove();
            }
        }
    }
}
