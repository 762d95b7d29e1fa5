/*
 * A small image-resizer whose faults are chosen on the command line.
 *
 * Each fault is one real memory bug, so the C library, the kernel or AddressSanitizer reports it in
 * its own words. Benign lines mention words like "error" and "failed" on purpose.
 *   resizer [--batches N] [--fault segv|abort|free|smash|overflow|none]
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void say(const char *level, const char *msg) {
    char stamp[32];
    time_t now = time(NULL);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    /* On stderr, where the C library and the shell report a crash: one stream keeps their order. */
    fprintf(stderr, "%s %s resizer: %s\n", stamp, level, msg);
}

struct image { int width, height; unsigned char *pixels; };

static struct image *lookup(const char *name) {
    (void) name;
    return NULL; /* the injected bug: a cache miss returns NULL and nobody checks */
}

static int scale(int width, int factor) {
    assert(factor > 0 && "scale factor must be positive");
    return width / factor;
}

static void copy_name(char *dst, const char *src) {
    strcpy(dst, src); /* no bound: a long name overruns the caller's buffer */
}

static void label(const char *name) {
    char buf[16];
    copy_name(buf, name);
    printf("label %s\n", buf);
}

static void fill(unsigned char *row, int width) {
    for (int x = 0; x <= width; x++) { /* off by one */
        row[x] = 0xff;
    }
}

int main(int argc, char **argv) {
    int batches = 5;
    const char *fault = "none";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--batches") == 0) batches = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--fault") == 0) fault = argv[i + 1];
    }
    char line[128];
    say("INFO", "resizer starting: workers=2, errors=0");
    for (int b = 1; b <= batches; b++) {
        snprintf(line, sizeof line, "batch %d resized: 16 images, errors=0, 0 failed", b);
        say("INFO", line);
    }
    say("INFO", "resizer idle; errors=0");
    if (strcmp(fault, "segv") == 0) {
        say("INFO", "loading thumbnail cache");
        struct image *img = lookup("thumb-7");
        printf("%d\n", img->width);
    } else if (strcmp(fault, "abort") == 0) {
        say("INFO", "scaling batch");
        printf("%d\n", scale(640, atoi("0")));
    } else if (strcmp(fault, "free") == 0) {
        say("INFO", "releasing buffers");
        char *buf = malloc(64);
        free(buf + 1); /* not a pointer malloc returned */
    } else if (strcmp(fault, "smash") == 0) {
        say("INFO", "labelling images");
        label("holiday-2026-very-long-file-name.jpg");
    } else if (strcmp(fault, "overflow") == 0) {
        say("INFO", "filling rows");
        unsigned char *row = malloc(20);
        fill(row, 20);
        free(row);
    }
    return 0;
}
