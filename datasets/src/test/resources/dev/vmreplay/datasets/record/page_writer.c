/*
 * Test target for the recorder: every epoch it writes the same REDIRTY pages again and FRESH pages it
 * never touched before, in one short burst in the middle of the epoch. Prints the buffer's first
 * page number and page count so the test can count only pages of this buffer.
 * Usage: page_writer EPOCH_MS BURSTS REDIRTY FRESH
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: page_writer EPOCH_MS BURSTS REDIRTY FRESH INFO_FILE\n");
        return 2;
    }
    long long epoch = atoll(argv[1]) * 1000000LL;
    int bursts = atoi(argv[2]);
    long redirty = atol(argv[3]);
    long fresh = atol(argv[4]);
    long pages = redirty + fresh * bursts;
    volatile char *buf = mmap(NULL, pages * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    FILE *info = fopen(argv[5], "w");
    if (info == NULL) {
        perror(argv[5]);
        return 1;
    }
    fprintf(info, "%llu,%ld\n", (unsigned long long) ((unsigned long) buf >> 12), pages);
    fclose(info);
    long long start = now_ns();
    for (int i = 0; i < bursts; i++) {
        long long at = start + i * epoch + epoch / 2;
        struct timespec ts = {at / 1000000000LL, at % 1000000000LL};
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
        for (long p = 0; p < redirty; p++) {
            buf[p * 4096 + 8] = (char) (i + 1);
        }
        for (long p = 0; p < fresh; p++) {
            buf[(redirty + i * fresh + p) * 4096 + 16] = (char) (i + 1);
        }
    }
    return 0;
}
