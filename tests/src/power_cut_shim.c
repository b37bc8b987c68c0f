/* A power cut for one process (LD_PRELOAD, Linux): writes to regular files under
 * $EXPEDIENTE_SHIM_DIR are kept in this process's memory, per file, and reach the real
 * file only when the process calls fsync/fdatasync on it. Reads and fstat see the
 * process's own pending writes, so it runs as usual; when it is killed, everything it did
 * not sync is gone, as after a power cut that loses the page cache.
 *
 * Intercepted: write, pwrite(64), writev, pwritev(64), ftruncate(64), read, pread(64),
 * fstat(64), fsync, fdatasync, unlink. Left alone: `-shm` files (SQLite maps them into
 * memory; they only cache the WAL's index and are rebuilt from the WAL after a crash),
 * mmap, and files opened elsewhere. Built by tests/tests/power_cut.rs with `cc`. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

_Static_assert(sizeof(off_t) == 8, "64-bit Linux only");

/* One pending change to a file: a write at `off`, or a truncation to `off` (data NULL). */
struct op {
    off_t off;
    size_t len;
    char *data;
    struct op *next;
};

struct file {
    dev_t dev;
    ino_t ino;
    struct op *head, *tail;
    struct file *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct file *files;
static char root[PATH_MAX];
static size_t root_len;
static int root_state; /* 0 unknown, 1 set, -1 unset */

#define REAL(name, ret, ...)                                                   \
    static ret (*real_##name)(__VA_ARGS__);                                    \
    static void load_##name(void) {                                            \
        if (!real_##name) real_##name = dlsym(RTLD_NEXT, #name);               \
    }

REAL(write, ssize_t, int, const void *, size_t)
REAL(pwrite64, ssize_t, int, const void *, size_t, off64_t)
REAL(read, ssize_t, int, void *, size_t)
REAL(pread64, ssize_t, int, void *, size_t, off64_t)
REAL(ftruncate64, int, int, off64_t)
REAL(fstat64, int, int, struct stat64 *)
REAL(fsync, int, int)
REAL(fdatasync, int, int)
REAL(unlink, int, const char *)

static int in_root(const char *path) {
    if (root_state == 0) {
        const char *r = getenv("EXPEDIENTE_SHIM_DIR");
        if (r && realpath(r, root)) {
            root_len = strlen(root);
            root_state = 1;
        } else {
            root_state = -1;
        }
    }
    if (root_state != 1) return 0;
    size_t n = strlen(path);
    if (strncmp(path, root, root_len) != 0 || path[root_len] != '/') return 0;
    return !(n > 4 && strcmp(path + n - 4, "-shm") == 0);
}

/* The pending state of `fd`'s file if it is one we buffer (creating it), else NULL.
 * Called with the lock held. */
static struct file *tracked(int fd) {
    struct stat64 st;
    char link[64], path[PATH_MAX];
    load_fstat64();
    if (fd < 0 || real_fstat64(fd, &st) != 0 || !S_ISREG(st.st_mode)) return NULL;
    for (struct file *f = files; f; f = f->next)
        if (f->dev == st.st_dev && f->ino == st.st_ino) return f;
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0) return NULL;
    path[n] = 0;
    if (!in_root(path)) return NULL;
    struct file *f = calloc(1, sizeof *f);
    if (!f) abort();
    f->dev = st.st_dev;
    f->ino = st.st_ino;
    f->next = files;
    files = f;
    return f;
}

static void push(struct file *f, off_t off, const void *data, size_t len) {
    struct op *o = calloc(1, sizeof *o);
    if (!o) abort();
    o->off = off;
    o->len = len;
    if (data) {
        o->data = malloc(len ? len : 1);
        if (!o->data) abort();
        memcpy(o->data, data, len);
    }
    if (f->tail) f->tail->next = o; else f->head = o;
    f->tail = o;
}

/* The file's size as the process sees it: the real size with every pending op applied. */
static off_t logical_size(int fd, struct file *f) {
    struct stat64 st;
    load_fstat64();
    off_t size = real_fstat64(fd, &st) == 0 ? st.st_size : 0;
    for (struct op *o = f->head; o; o = o->next) {
        if (!o->data) size = o->off;
        else if (o->off + (off_t)o->len > size) size = o->off + (off_t)o->len;
    }
    return size;
}

/* Reads as the process sees the file: the real bytes, then every pending op in order. */
static ssize_t overlay_pread(int fd, struct file *f, char *buf, size_t n, off_t off) {
    off_t size = logical_size(fd, f);
    if (off >= size) return 0;
    if ((off_t)n > size - off) n = (size_t)(size - off);
    memset(buf, 0, n);
    load_pread64();
    size_t got = 0;
    while (got < n) {
        ssize_t r = real_pread64(fd, buf + got, n - got, off + (off_t)got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        got += (size_t)r;
    }
    off_t end = off + (off_t)n;
    for (struct op *o = f->head; o; o = o->next) {
        if (!o->data) {
            if (o->off < end) {
                off_t from = o->off > off ? o->off : off;
                memset(buf + (from - off), 0, (size_t)(end - from));
            }
            continue;
        }
        off_t a = o->off > off ? o->off : off;
        off_t b = o->off + (off_t)o->len < end ? o->off + (off_t)o->len : end;
        if (a < b) memcpy(buf + (a - off), o->data + (a - o->off), (size_t)(b - a));
    }
    return (ssize_t)n;
}

/* Applies a file's pending ops to the real file, in order. */
static int flush(int fd, struct file *f) {
    load_pwrite64();
    load_ftruncate64();
    int rc = 0;
    while (f->head) {
        struct op *o = f->head;
        if (o->data) {
            size_t done = 0;
            while (done < o->len) {
                ssize_t w = real_pwrite64(fd, o->data + done, o->len - done, o->off + (off_t)done);
                if (w < 0 && errno == EINTR) continue;
                if (w <= 0) { rc = -1; break; }
                done += (size_t)w;
            }
        } else if (real_ftruncate64(fd, o->off) != 0) {
            rc = -1;
        }
        if (rc) return rc;
        f->head = o->next;
        free(o->data);
        free(o);
    }
    f->tail = NULL;
    return 0;
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off) {
    pthread_mutex_lock(&lock);
    struct file *f = tracked(fd);
    if (f) push(f, off, buf, n);
    pthread_mutex_unlock(&lock);
    if (f) return (ssize_t)n;
    load_pwrite64();
    return real_pwrite64(fd, buf, n, off);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) { return pwrite64(fd, buf, n, off); }

ssize_t write(int fd, const void *buf, size_t n) {
    pthread_mutex_lock(&lock);
    struct file *f = tracked(fd);
    if (f) {
        off_t pos = (fcntl(fd, F_GETFL) & O_APPEND) ? logical_size(fd, f) : lseek(fd, 0, SEEK_CUR);
        push(f, pos, buf, n);
        lseek(fd, pos + (off_t)n, SEEK_SET);
    }
    pthread_mutex_unlock(&lock);
    if (f) return (ssize_t)n;
    load_write();
    return real_write(fd, buf, n);
}

/* writev/pwritev through the buffered paths: gathered into one buffer first. */
static char *gather(const struct iovec *iov, int cnt, size_t *total) {
    size_t n = 0;
    for (int i = 0; i < cnt; i++) n += iov[i].iov_len;
    char *b = malloc(n ? n : 1);
    if (!b) abort();
    size_t at = 0;
    for (int i = 0; i < cnt; i++) {
        memcpy(b + at, iov[i].iov_base, iov[i].iov_len);
        at += iov[i].iov_len;
    }
    *total = n;
    return b;
}

ssize_t writev(int fd, const struct iovec *iov, int cnt) {
    size_t n;
    char *b = gather(iov, cnt, &n);
    ssize_t r = write(fd, b, n);
    free(b);
    return r;
}

ssize_t pwritev64(int fd, const struct iovec *iov, int cnt, off64_t off) {
    size_t n;
    char *b = gather(iov, cnt, &n);
    ssize_t r = pwrite64(fd, b, n, off);
    free(b);
    return r;
}

ssize_t pwritev(int fd, const struct iovec *iov, int cnt, off_t off) { return pwritev64(fd, iov, cnt, off); }

int ftruncate64(int fd, off64_t len) {
    pthread_mutex_lock(&lock);
    struct file *f = tracked(fd);
    if (f) push(f, len, NULL, 0);
    pthread_mutex_unlock(&lock);
    if (f) return 0;
    load_ftruncate64();
    return real_ftruncate64(fd, len);
}

int ftruncate(int fd, off_t len) { return ftruncate64(fd, len); }

ssize_t pread64(int fd, void *buf, size_t n, off64_t off) {
    pthread_mutex_lock(&lock);
    struct file *f = tracked(fd);
    ssize_t r = 0;
    if (f && f->head) r = overlay_pread(fd, f, buf, n, off);
    pthread_mutex_unlock(&lock);
    if (f && f->head) return r;
    load_pread64();
    return real_pread64(fd, buf, n, off);
}

ssize_t pread(int fd, void *buf, size_t n, off_t off) { return pread64(fd, buf, n, off); }

ssize_t read(int fd, void *buf, size_t n) {
    pthread_mutex_lock(&lock);
    struct file *f = tracked(fd);
    ssize_t r = 0;
    int mine = f && f->head;
    if (mine) {
        off_t pos = lseek(fd, 0, SEEK_CUR);
        r = overlay_pread(fd, f, buf, n, pos);
        lseek(fd, pos + r, SEEK_SET);
    }
    pthread_mutex_unlock(&lock);
    if (mine) return r;
    load_read();
    return real_read(fd, buf, n);
}

int fstat64(int fd, struct stat64 *st) {
    load_fstat64();
    int rc = real_fstat64(fd, st);
    if (rc != 0) return rc;
    pthread_mutex_lock(&lock);
    struct file *f = tracked(fd);
    if (f && f->head) st->st_size = logical_size(fd, f);
    pthread_mutex_unlock(&lock);
    return rc;
}

/* On 64-bit Linux `struct stat` and `struct stat64` are the same. */
int fstat(int fd, struct stat *st) { return fstat64(fd, (struct stat64 *)st); }

int fsync(int fd) {
    pthread_mutex_lock(&lock);
    struct file *f = tracked(fd);
    int rc = f ? flush(fd, f) : 0;
    pthread_mutex_unlock(&lock);
    if (rc) return rc;
    load_fsync();
    return real_fsync(fd);
}

int fdatasync(int fd) {
    pthread_mutex_lock(&lock);
    struct file *f = tracked(fd);
    int rc = f ? flush(fd, f) : 0;
    pthread_mutex_unlock(&lock);
    if (rc) return rc;
    load_fdatasync();
    return real_fdatasync(fd);
}

/* A removed file's pending writes go with it (its inode number may be reused). */
int unlink(const char *path) {
    struct stat st;
    pthread_mutex_lock(&lock);
    if (stat(path, &st) == 0) {
        for (struct file *f = files; f; f = f->next) {
            if (f->dev == st.st_dev && f->ino == st.st_ino) {
                while (f->head) {
                    struct op *o = f->head;
                    f->head = o->next;
                    free(o->data);
                    free(o);
                }
                f->tail = NULL;
            }
        }
    }
    pthread_mutex_unlock(&lock);
    load_unlink();
    return real_unlink(path);
}
