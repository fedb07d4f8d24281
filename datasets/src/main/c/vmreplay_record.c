/*
 * vmreplay recorder: an LD_PRELOAD library that logs, every epoch, which 4 KiB pages of the process
 * were written since the previous epoch - the dirty log a hypervisor keeps during live migration.
 *
 * Mechanism (Linux 6.7+): every private writable anonymous mapping is registered with userfaultfd
 * in write-protect mode with UFFD_FEATURE_WP_ASYNC (the kernel resolves write faults itself, no
 * handler thread) and UFFD_FEATURE_WP_UNPOPULATED (untouched pages are protected too). Every epoch
 * the PAGEMAP_SCAN ioctl on /proc/self/pagemap with PM_SCAN_WP_MATCHING | PM_SCAN_CHECK_WPASYNC lists
 * the pages that are PAGE_IS_WRITTEN and write-protects them again in the same step, so no write
 * between listing and re-arming is lost. Fallback where userfaultfd or PAGEMAP_SCAN is refused:
 * soft-dirty bits (pagemap bit 55, cleared through /proc/self/clear_refs), which can lose writes
 * that land between reading the bits and clearing them.
 *
 * An exec replaces the process image and this library's state with it, so nothing after it is recorded
 * and the exit facts are never written: the exec family is wrapped to log "exec=PROGRAM" first (only in
 * the recorded process, not in children it forked), and the Java side refuses such a recording.
 *
 * Output: CSV lines "t_ns,vpn" (t_ns = CLOCK_MONOTONIC at the end of the epoch) to
 * $VMREPLAY_RECORD_OUT, and key=value facts (mechanism, errors, huge-page ranges) to
 * $VMREPLAY_RECORD_META (default: the output path + ".meta"). The first epoch, at start-up, lists the
 * pages already present. Environment: VMREPLAY_RECORD_EPOCH_NS (default 100 ms),
 * VMREPLAY_RECORD_MECHANISM = auto | uffd | soft-dirty.
 *
 * The recorder must not dirty the pages it watches: all its mutable state, buffers and its thread's
 * stack live in one private mapping that is never registered, and it uses no stdio or malloc after
 * start-up.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* Kernel 6.7 uapi, absent from older system headers. */
#ifndef UFFD_FEATURE_WP_UNPOPULATED
#define UFFD_FEATURE_WP_UNPOPULATED (1 << 13)
#endif
#ifndef UFFD_FEATURE_WP_ASYNC
#define UFFD_FEATURE_WP_ASYNC (1 << 15)
#endif
#ifndef PAGEMAP_SCAN
#define PAGE_IS_WPALLOWED (1 << 0)
#define PAGE_IS_WRITTEN (1 << 1)
#define PAGE_IS_FILE (1 << 2)
#define PAGE_IS_PRESENT (1 << 3)
#define PAGE_IS_SWAPPED (1 << 4)
#define PAGE_IS_PFNZERO (1 << 5)
#define PAGE_IS_HUGE (1 << 6)
#define PAGE_IS_SOFT_DIRTY (1 << 7)
struct page_region {
    uint64_t start;
    uint64_t end;
    uint64_t categories;
};
#define PM_SCAN_WP_MATCHING (1 << 0)
#define PM_SCAN_CHECK_WPASYNC (1 << 1)
struct pm_scan_arg {
    uint64_t size;
    uint64_t flags;
    uint64_t start;
    uint64_t end;
    uint64_t walk_end;
    uint64_t vec;
    uint64_t vec_len;
    uint64_t max_pages;
    uint64_t category_inverted;
    uint64_t category_mask;
    uint64_t category_anyof_mask;
    uint64_t return_mask;
};
#define PAGEMAP_SCAN _IOWR('f', 16, struct pm_scan_arg)
#endif

#define PAGE_SHIFT_4K 12
#define MAX_RANGES 65536
#define VEC_LEN 32768
#define OUT_BYTES (1 << 20)
#define MAPS_BYTES (8 << 20)
#define PAGEMAP_CHUNK 65536
#define STACK_BYTES (512 << 10)
#define MAX_HUGE 4096

enum mechanism { NONE = 0, UFFD_WP = 1, SOFT_DIRTY = 2 };

struct range {
    uint64_t start;
    uint64_t end;
};

struct state {
    int uffd;
    int pagemap_fd;
    int out_fd;
    int meta_fd;
    int clear_refs_fd;
    pid_t pid; /* the recorded process: forked children neither report nor log */
    enum mechanism mechanism;
    volatile int stopped;
    uint64_t epoch_ns;
    uint64_t own_start;
    uint64_t own_end;
    pthread_mutex_t lock;
    pthread_t thread;
    uint64_t epochs;
    uint64_t pages_reported;
    uint64_t register_failures;
    uint64_t scan_errors;
    int last_scan_errno;
    size_t nranges;
    struct range ranges[MAX_RANGES];
    size_t nhuge;
    struct range huge[MAX_HUGE];
    struct page_region vec[VEC_LEN];
    uint64_t pagemap[PAGEMAP_CHUNK];
    size_t out_len;
    char out[OUT_BYTES];
    char maps[MAPS_BYTES];
    char stack[STACK_BYTES] __attribute__((aligned(64)));
};

static struct state *S;

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000000000ull + (uint64_t) ts.tv_nsec;
}

static void write_all(int fd, const char *buf, size_t len) {
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return;
        }
        buf += n;
        len -= (size_t) n;
    }
}

/* Decimal digits of v into buf, returns length. */
static size_t format_u64(char *buf, uint64_t v) {
    char tmp[24];
    size_t n = 0;
    do {
        tmp[n++] = (char) ('0' + v % 10);
        v /= 10;
    } while (v != 0);
    for (size_t i = 0; i < n; i++) {
        buf[i] = tmp[n - 1 - i];
    }
    return n;
}

static void flush_out(void) {
    write_all(S->out_fd, S->out, S->out_len);
    S->out_len = 0;
}

static void emit(uint64_t t, uint64_t vpn) {
    if (S->out_len > OUT_BYTES - 64) {
        flush_out();
    }
    char *p = S->out + S->out_len;
    size_t n = format_u64(p, t);
    p[n++] = ',';
    n += format_u64(p + n, vpn);
    p[n++] = '\n';
    S->out_len += n;
    S->pages_reported++;
}

static void meta_line(const char *key, const char *text, int has_number, uint64_t number) {
    char buf[512];
    size_t n = 0;
    size_t k = strlen(key);
    memcpy(buf, key, k);
    n += k;
    buf[n++] = '=';
    if (text != NULL) {
        size_t m = strlen(text);
        if (m > 400) {
            m = 400;
        }
        memcpy(buf + n, text, m);
        n += m;
    }
    if (has_number) {
        n += format_u64(buf + n, number);
    }
    buf[n++] = '\n';
    write_all(S->meta_fd, buf, n);
}

static void meta_errno(const char *key, const char *what, int err) {
    char buf[300];
    size_t n = 0;
    size_t w = strlen(what);
    memcpy(buf, what, w);
    n += w;
    const char *name = strerrorname_np(err);
    const char *s1 = ": ";
    memcpy(buf + n, s1, 2);
    n += 2;
    if (name != NULL) {
        size_t m = strlen(name);
        memcpy(buf + n, name, m);
        n += m;
    }
    memcpy(buf + n, " (errno ", 8);
    n += 8;
    n += format_u64(buf + n, (uint64_t) err);
    buf[n++] = ')';
    buf[n] = '\0';
    meta_line(key, buf, 0, 0);
}

static uint64_t parse_hex(const char **p) {
    uint64_t v = 0;
    for (;;) {
        char c = **p;
        int d;
        if (c >= '0' && c <= '9') {
            d = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            d = c - 'a' + 10;
        } else {
            return v;
        }
        v = (v << 4) | (uint64_t) d;
        (*p)++;
    }
}

/*
 * Reads /proc/self/maps into S->ranges: private, writable, anonymous mappings (no file, or [heap],
 * [stack], [anon:...]), minus the recorder's own mapping.
 */
static void read_ranges(void) {
    S->nranges = 0;
    int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return;
    }
    size_t len = 0;
    for (;;) {
        ssize_t n = read(fd, S->maps + len, MAPS_BYTES - 1 - len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        len += (size_t) n;
        if (len >= MAPS_BYTES - 1) {
            break;
        }
    }
    close(fd);
    S->maps[len] = '\0';
    const char *p = S->maps;
    while (*p != '\0') {
        const char *line = p;
        const char *eol = strchr(p, '\n');
        if (eol == NULL) {
            eol = p + strlen(p);
        }
        p = *eol == '\n' ? eol + 1 : eol;
        const char *q = line;
        uint64_t start = parse_hex(&q);
        if (*q != '-') {
            continue;
        }
        q++;
        uint64_t end = parse_hex(&q);
        if (*q != ' ') {
            continue;
        }
        q++;
        if (eol - q < 4 || q[0] != 'r' || q[1] != 'w' || q[3] != 'p') {
            continue;
        }
        /* Skip perms, offset, dev; then inode must be 0. */
        int field = 0;
        while (q < eol && field < 3) {
            while (q < eol && *q != ' ') {
                q++;
            }
            while (q < eol && *q == ' ') {
                q++;
            }
            field++;
        }
        if (q >= eol || *q != '0') {
            continue;
        }
        q++;
        if (q < eol && *q != ' ') {
            continue;
        }
        while (q < eol && *q == ' ') {
            q++;
        }
        if (q < eol) {
            size_t name_len = (size_t) (eol - q);
            int ok = (name_len == 6 && memcmp(q, "[heap]", 6) == 0)
                     || (name_len == 7 && memcmp(q, "[stack]", 7) == 0)
                     || (name_len > 6 && memcmp(q, "[anon:", 6) == 0);
            if (!ok) {
                continue;
            }
        }
        /* Cut out the recorder's own mapping (adjacent anonymous mappings may have merged with it). */
        struct range parts[2];
        int nparts = 0;
        if (end <= S->own_start || start >= S->own_end) {
            parts[nparts++] = (struct range){start, end};
        } else {
            if (start < S->own_start) {
                parts[nparts++] = (struct range){start, S->own_start};
            }
            if (end > S->own_end) {
                parts[nparts++] = (struct range){S->own_end, end};
            }
        }
        for (int i = 0; i < nparts && S->nranges < MAX_RANGES; i++) {
            S->ranges[S->nranges++] = parts[i];
        }
    }
}

static void register_ranges(void) {
    for (size_t i = 0; i < S->nranges; i++) {
        struct uffdio_register reg;
        memset(&reg, 0, sizeof reg);
        reg.range.start = S->ranges[i].start;
        reg.range.len = S->ranges[i].end - S->ranges[i].start;
        reg.mode = UFFDIO_REGISTER_MODE_WP;
        if (ioctl(S->uffd, UFFDIO_REGISTER, &reg) != 0) {
            S->register_failures++;
            S->ranges[i].end = S->ranges[i].start; /* not ours to scan */
        }
    }
}

/* PAGEMAP_SCAN over [start, end): calls emit for every page in the returned regions. */
static int pagemap_scan(uint64_t start, uint64_t end, uint64_t flags, uint64_t category, uint64_t t,
                        int collect_huge) {
    struct pm_scan_arg a;
    memset(&a, 0, sizeof a);
    a.size = sizeof a;
    a.flags = flags;
    a.start = start;
    a.end = end;
    a.vec = (uint64_t) (uintptr_t) S->vec;
    a.vec_len = VEC_LEN;
    a.category_mask = category;
    /*
     * Unpopulated pages of a newly registered range come back as written (they carry no write-protect
     * marker yet; the scan installs one). Asking for PRESENT and SWAPPED too tells them apart: only
     * pages that hold data were really written.
     */
    a.return_mask = category | PAGE_IS_PRESENT | PAGE_IS_SWAPPED;
    for (;;) {
        long n = ioctl(S->pagemap_fd, PAGEMAP_SCAN, &a);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -errno;
        }
        for (long i = 0; i < n; i++) {
            if (collect_huge) {
                if (S->nhuge > 0 && S->huge[S->nhuge - 1].end == S->vec[i].start) {
                    S->huge[S->nhuge - 1].end = S->vec[i].end;
                } else if (S->nhuge < MAX_HUGE) {
                    S->huge[S->nhuge++] = (struct range){S->vec[i].start, S->vec[i].end};
                }
                continue;
            }
            if (!(S->vec[i].categories & (PAGE_IS_PRESENT | PAGE_IS_SWAPPED))) {
                continue;
            }
            for (uint64_t p = S->vec[i].start; p < S->vec[i].end; p += 4096) {
                emit(t, p >> PAGE_SHIFT_4K);
            }
        }
        if (a.walk_end >= end || a.walk_end == 0) {
            return 0;
        }
        a.start = a.walk_end;
    }
}

static void soft_dirty_scan(uint64_t t) {
    for (size_t r = 0; r < S->nranges; r++) {
        uint64_t first = S->ranges[r].start >> PAGE_SHIFT_4K;
        uint64_t last = S->ranges[r].end >> PAGE_SHIFT_4K;
        for (uint64_t vpn = first; vpn < last; vpn += PAGEMAP_CHUNK) {
            uint64_t count = last - vpn < PAGEMAP_CHUNK ? last - vpn : PAGEMAP_CHUNK;
            ssize_t n = pread(S->pagemap_fd, S->pagemap, count * 8, (off_t) (vpn * 8));
            if (n < 0) {
                S->scan_errors++;
                S->last_scan_errno = errno;
                break;
            }
            for (uint64_t i = 0; i < (uint64_t) n / 8; i++) {
                uint64_t e = S->pagemap[i];
                /* bit 55 soft-dirty, 62 swapped, 63 present */
                if ((e & (1ull << 55)) && (e & (3ull << 62))) {
                    emit(t, vpn + i);
                }
            }
        }
    }
    if (pwrite(S->clear_refs_fd, "4", 1, 0) != 1) {
        S->scan_errors++;
        S->last_scan_errno = errno;
    }
}

/* One epoch: list and re-arm the pages written since the last one. Caller holds the lock. */
static void epoch_scan(void) {
    uint64_t t = now_ns();
    read_ranges();
    if (S->mechanism == UFFD_WP) {
        register_ranges();
        for (size_t i = 0; i < S->nranges; i++) {
            if (S->ranges[i].end <= S->ranges[i].start) {
                continue;
            }
            int rc = pagemap_scan(S->ranges[i].start, S->ranges[i].end, PM_SCAN_WP_MATCHING | PM_SCAN_CHECK_WPASYNC,
                                  PAGE_IS_WRITTEN, t, 0);
            if (rc < 0) {
                S->scan_errors++;
                S->last_scan_errno = -rc;
            }
        }
    } else if (S->mechanism == SOFT_DIRTY) {
        soft_dirty_scan(t);
    }
    S->epochs++;
    flush_out();
}

static void *epoch_thread(void *arg) {
    (void) arg;
    uint64_t next = now_ns() + S->epoch_ns;
    while (!S->stopped) {
        struct timespec ts = {(time_t) (next / 1000000000ull), (long) (next % 1000000000ull)};
        int rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
        if (rc == EINTR) {
            continue;
        }
        pthread_mutex_lock(&S->lock);
        if (!S->stopped) {
            epoch_scan();
        }
        pthread_mutex_unlock(&S->lock);
        next += S->epoch_ns;
        uint64_t now = now_ns();
        if (next <= now) {
            /* A scan overran the epoch: skip the missed ticks rather than scan back to back. */
            next = now + S->epoch_ns - (now - next) % S->epoch_ns;
        }
    }
    return NULL;
}

static int try_uffd(void) {
    int fd = (int) syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK | UFFD_USER_MODE_ONLY);
    if (fd < 0) {
        int first = errno;
        fd = (int) syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
        if (fd < 0) {
            meta_errno("uffd_error", "userfaultfd", first);
            return -1;
        }
    }
    struct uffdio_api api;
    memset(&api, 0, sizeof api);
    api.api = UFFD_API;
    api.features = UFFD_FEATURE_WP_ASYNC | UFFD_FEATURE_WP_UNPOPULATED;
    if (ioctl(fd, UFFDIO_API, &api) != 0) {
        meta_errno("uffd_error", "UFFDIO_API with UFFD_FEATURE_WP_ASYNC | UFFD_FEATURE_WP_UNPOPULATED", errno);
        close(fd);
        return -1;
    }
    S->uffd = fd;
    /* Probe PAGEMAP_SCAN on an empty range: ENOTTY means the kernel predates 6.7. */
    struct pm_scan_arg a;
    memset(&a, 0, sizeof a);
    a.size = sizeof a;
    a.start = S->own_start;
    a.end = S->own_start;
    a.vec = (uint64_t) (uintptr_t) S->vec;
    a.vec_len = VEC_LEN;
    a.category_mask = PAGE_IS_WRITTEN;
    a.return_mask = PAGE_IS_WRITTEN;
    if (ioctl(S->pagemap_fd, PAGEMAP_SCAN, &a) < 0) {
        meta_errno("uffd_error", "PAGEMAP_SCAN", errno);
        close(fd);
        S->uffd = -1;
        return -1;
    }
    return 0;
}

static int try_soft_dirty(void) {
    S->clear_refs_fd = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
    if (S->clear_refs_fd < 0) {
        meta_errno("soft_dirty_error", "/proc/self/clear_refs", errno);
        return -1;
    }
    /* Probe: a page written after clearing must show bit 55. Kernels without CONFIG_MEM_SOFT_DIRTY never set it. */
    volatile char *probe = (volatile char *) S->pagemap;
    probe[0] = 1;
    if (pwrite(S->clear_refs_fd, "4", 1, 0) != 1) {
        meta_errno("soft_dirty_error", "clear_refs", errno);
        return -1;
    }
    probe[0] = 2;
    uint64_t e = 0;
    uint64_t vpn = (uint64_t) (uintptr_t) probe >> PAGE_SHIFT_4K;
    if (pread(S->pagemap_fd, &e, 8, (off_t) (vpn * 8)) != 8 || !(e & (1ull << 55))) {
        meta_line("soft_dirty_error", "soft-dirty bit not set after a write: kernel built without CONFIG_MEM_SOFT_DIRTY", 0, 0);
        return -1;
    }
    return 0;
}

static int open_out(const char *path) {
    return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
}

__attribute__((constructor)) static void recorder_start(void) {
    const char *out_path = getenv("VMREPLAY_RECORD_OUT");
    if (out_path == NULL || *out_path == '\0') {
        return;
    }
    void *mem = mmap(NULL, sizeof(struct state), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) {
        return;
    }
    S = (struct state *) mem;
    S->own_start = (uint64_t) (uintptr_t) mem;
    S->own_end = (S->own_start + sizeof(struct state) + 4095) & ~4095ull;
    S->uffd = -1;
    S->clear_refs_fd = -1;
    S->pid = getpid();
    S->out_fd = open_out(out_path);
    const char *meta_path = getenv("VMREPLAY_RECORD_META");
    char meta_default[4096];
    if (meta_path == NULL || *meta_path == '\0') {
        size_t n = strlen(out_path);
        if (n > sizeof meta_default - 6) {
            n = sizeof meta_default - 6;
        }
        memcpy(meta_default, out_path, n);
        memcpy(meta_default + n, ".meta", 6);
        meta_path = meta_default;
    }
    S->meta_fd = open_out(meta_path);
    S->pagemap_fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    if (S->out_fd < 0 || S->meta_fd < 0 || S->pagemap_fd < 0) {
        return;
    }
    const char *epoch = getenv("VMREPLAY_RECORD_EPOCH_NS");
    S->epoch_ns = epoch != NULL ? strtoull(epoch, NULL, 10) : 0;
    if (S->epoch_ns < 1000000) {
        S->epoch_ns = S->epoch_ns == 0 ? 100000000ull : 1000000ull;
    }
    const char *want = getenv("VMREPLAY_RECORD_MECHANISM");
    int allow_uffd = want == NULL || strcmp(want, "soft-dirty") != 0;
    int allow_soft = want == NULL || strcmp(want, "uffd") != 0;
    /* Children the target execs are not recorded (they would overwrite the same files). */
    unsetenv("LD_PRELOAD");
    unsetenv("VMREPLAY_RECORD_OUT");
    unsetenv("VMREPLAY_RECORD_META");
    pthread_mutex_init(&S->lock, NULL);
    if (allow_uffd && try_uffd() == 0) {
        S->mechanism = UFFD_WP;
        meta_line("mechanism", "uffd-wp-async+pagemap-scan", 0, 0);
    } else if (allow_soft && try_soft_dirty() == 0) {
        S->mechanism = SOFT_DIRTY;
        meta_line("mechanism", "soft-dirty", 0, 0);
    } else {
        S->mechanism = NONE;
        meta_line("mechanism", "none", 0, 0);
        return;
    }
    meta_line("epoch_ns", NULL, 1, S->epoch_ns);
    meta_line("page_bytes", NULL, 1, 4096);
    meta_line("start_ns", NULL, 1, now_ns());
    pthread_mutex_lock(&S->lock);
    epoch_scan(); /* epoch 0: arms protection, lists pages already present */
    pthread_mutex_unlock(&S->lock);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstack(&attr, S->stack, STACK_BYTES);
    if (pthread_create(&S->thread, &attr, epoch_thread, NULL) != 0) {
        meta_line("thread_error", "pthread_create failed", 0, 0);
    }
    pthread_attr_destroy(&attr);
}

static void read_anon_huge_kib(void) {
    int fd = open("/proc/self/smaps_rollup", O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return;
    }
    ssize_t n = read(fd, S->maps, 65536);
    close(fd);
    if (n <= 0) {
        return;
    }
    S->maps[n] = '\0';
    const char *p = strstr(S->maps, "AnonHugePages:");
    if (p == NULL) {
        return;
    }
    p += 14;
    while (*p == ' ') {
        p++;
    }
    uint64_t kib = 0;
    while (*p >= '0' && *p <= '9') {
        kib = kib * 10 + (uint64_t) (*p++ - '0');
    }
    meta_line("smaps_anon_huge_kib", NULL, 1, kib);
}

__attribute__((destructor)) static void recorder_stop(void) {
    if (S == NULL || S->mechanism == NONE || S->out_fd < 0 || getpid() != S->pid) {
        return;
    }
    pthread_mutex_lock(&S->lock);
    if (!S->stopped) {
        epoch_scan(); /* the last, partial epoch */
        S->stopped = 1;
        /* Where the memory is backed by transparent huge pages now (PAGEMAP_SCAN, PAGE_IS_HUGE). */
        S->nhuge = 0;
        if (S->mechanism == UFFD_WP) {
            for (size_t i = 0; i < S->nranges; i++) {
                if (S->ranges[i].end > S->ranges[i].start) {
                    pagemap_scan(S->ranges[i].start, S->ranges[i].end, 0, PAGE_IS_HUGE, 0, 1);
                }
            }
        }
        for (size_t i = 0; i < S->nhuge; i++) {
            char buf[64];
            size_t n = format_u64(buf, S->huge[i].start >> PAGE_SHIFT_4K);
            buf[n++] = ',';
            n += format_u64(buf + n, (S->huge[i].end - S->huge[i].start) >> PAGE_SHIFT_4K);
            buf[n] = '\0';
            meta_line("huge", buf, 0, 0);
        }
        read_anon_huge_kib();
        meta_line("epochs", NULL, 1, S->epochs);
        meta_line("pages_reported", NULL, 1, S->pages_reported);
        meta_line("register_failures", NULL, 1, S->register_failures);
        meta_line("scan_errors", NULL, 1, S->scan_errors);
        if (S->scan_errors > 0) {
            meta_errno("last_scan_error", "scan", S->last_scan_errno);
        }
        meta_line("end_ns", NULL, 1, now_ns());
        close(S->out_fd);
        close(S->meta_fd);
        S->out_fd = -1;
    }
    pthread_mutex_unlock(&S->lock);
}

/*
 * The exec family: log "exec=PROGRAM" in the recorded process before its image is replaced, then exec.
 * (The execl forms are rebuilt here because glibc's call its internal execve, which no wrapper sees.)
 */
static void note_exec(const char *program) {
    if (S == NULL || S->mechanism == NONE || S->meta_fd < 0 || S->out_fd < 0 || S->stopped || getpid() != S->pid) {
        return;
    }
    pthread_mutex_lock(&S->lock);
    meta_line("exec", program != NULL ? program : "?", 0, 0);
    pthread_mutex_unlock(&S->lock);
}

typedef int (*execve_fn)(const char *, char *const[], char *const[]);
typedef int (*execvpe_fn)(const char *, char *const[], char *const[]);
typedef int (*fexecve_fn)(int, char *const[], char *const[]);

int execve(const char *path, char *const argv[], char *const envp[]) {
    note_exec(path);
    execve_fn real = (execve_fn) dlsym(RTLD_NEXT, "execve");
    if (real == NULL) {
        errno = ENOSYS;
        return -1;
    }
    return real(path, argv, envp);
}

int execv(const char *path, char *const argv[]) {
    return execve(path, argv, environ);
}

int execvpe(const char *file, char *const argv[], char *const envp[]) {
    note_exec(file);
    execvpe_fn real = (execvpe_fn) dlsym(RTLD_NEXT, "execvpe");
    if (real == NULL) {
        errno = ENOSYS;
        return -1;
    }
    return real(file, argv, envp);
}

int execvp(const char *file, char *const argv[]) {
    return execvpe(file, argv, environ);
}

int fexecve(int fd, char *const argv[], char *const envp[]) {
    note_exec("(a file descriptor)");
    fexecve_fn real = (fexecve_fn) dlsym(RTLD_NEXT, "fexecve");
    if (real == NULL) {
        errno = ENOSYS;
        return -1;
    }
    return real(fd, argv, envp);
}

/* argv from the variadic list after first, up to its NULL; with_envp: then the envp argument (execle). */
#define COLLECT_ARGS(first, ap, argv, envp_out, with_envp)      \
    size_t argc = 1;                                            \
    va_start(ap, first);                                        \
    while (va_arg(ap, char *) != NULL) {                        \
        argc++;                                                 \
    }                                                           \
    va_end(ap);                                                 \
    char *argv[argc + 1];                                       \
    argv[0] = (char *) (first);                                 \
    va_start(ap, first);                                        \
    for (size_t i = 1; i <= argc; i++) {                        \
        argv[i] = va_arg(ap, char *);                           \
    }                                                           \
    envp_out = (with_envp) ? va_arg(ap, char **) : environ;     \
    va_end(ap)

int execl(const char *path, const char *arg, ...) {
    va_list ap;
    char **envp;
    COLLECT_ARGS(arg, ap, argv, envp, 0);
    return execve(path, argv, envp);
}

int execlp(const char *file, const char *arg, ...) {
    va_list ap;
    char **envp;
    COLLECT_ARGS(arg, ap, argv, envp, 0);
    return execvpe(file, argv, envp);
}

int execle(const char *path, const char *arg, ...) {
    va_list ap;
    char **envp;
    COLLECT_ARGS(arg, ap, argv, envp, 1);
    return execve(path, argv, envp);
}
