package dev.vmreplay.datasets.generate;

/**
 * A seeded bijection of {@code [0, n)}: where a workload's i-th page lives in guest memory when its
 * working set is scattered. A four-round Feistel network over the smallest even-bit domain holding
 * {@code n}, with cycle walking to stay inside {@code [0, n)}, so no per-page table is needed even
 * for a 1 TiB guest (2^28 pages). Scattering matters: a hot set spread over memory dirties many
 * 2 MiB granules, a contiguous one few.
 */
public final class PagePermutation {
    private final long n;
    private final int halfBits;
    private final long halfMask;
    private final long[] roundKeys = new long[4];

    public PagePermutation(long n, long seed) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be > 0, was " + n);
        }
        this.n = n;
        int bits = 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1));
        bits = Math.max(2, bits + (bits & 1));
        halfBits = bits / 2;
        halfMask = (1L << halfBits) - 1;
        long k = seed;
        for (int i = 0; i < roundKeys.length; i++) {
            k = mix(k + 0x9E3779B97F4A7C15L);
            roundKeys[i] = k;
        }
    }

    /** The image of {@code i}, for {@code 0 <= i < n}. */
    public long apply(long i) {
        long x = i;
        do {
            x = encrypt(x);
        } while (x >= n);
        return x;
    }

    private long encrypt(long x) {
        long left = x >>> halfBits;
        long right = x & halfMask;
        for (long key : roundKeys) {
            long f = mix(right ^ key) & halfMask;
            long nextRight = left ^ f;
            left = right;
            right = nextRight;
        }
        return (left << halfBits) | right;
    }

    /** SplitMix64's finaliser: a strong, cheap 64-bit mixer. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
