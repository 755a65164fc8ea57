/*
 * The C rows of the benchmark (issue 16): what scripts/bench-c builds and runs.
 *
 *     bench URL ROUNDS CALLS      (scripts/bench-c builds it against target/release)
 *
 * URL is a server answering the SDK's has-user-bought GET with a canned 204
 * (scripts/lib/bench.sh's start_canned_nginx). Prints one `BENCH {json}` line per row and round
 * on stdout (the fields: scripts/lib/bench.sh), a summary per round on stderr, and exits
 * non-zero when any call fails.
 *
 * Every round measures every row, interleaved: the round's CALLS calls for each row go in 5
 * slices, and each slice runs every row once, in an order rotated from slice to slice. Per
 * round and row:
 * - CPU per call (cpu_us, cs): the CPU time (user + system) and context switches (voluntary +
 *   involuntary) of this whole process, all its threads, by getrusage(RUSAGE_SELF), divided by
 *   the calls, one call at a time:
 *   - c.package: plenigo_has_user_bought through the C ABI, one client;
 *   - c.curl.reused: libcurl, one easy handle reused for every call (its kept connection), the
 *     plenigoToken JWT signed per call with OpenSSL's HMAC (the SDK's claims, src/auth.rs, and a
 *     fresh random jti).
 * - Threads (per_s): CALLS calls of c.package split over 1, 2 and 4 pthreads sharing the one
 *   client, calls per second of wall time from handing the calls out until the last thread is
 *   done (the three back to back in each slice). The 4 threads are started once and kept.
 */
#define _GNU_SOURCE
#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "plenigo.h"

#define CMD "scripts/bench-c"
#define SLICES 5
#define WARM_UP 200           /* calls per client before the first round */
#define TOKEN_LIFETIME 300    /* seconds, as src/auth.rs */

static const char *company, *secret, *customer, *product, *app;
static plenigo_client *client;
static CURL *curl;
static char url[2048];

static const char *env_or(const char *name, const char *fallback) {
    const char *value = getenv(name);
    return value && *value ? value : fallback;
}

static void die(const char *what) {
    fprintf(stderr, "bench.c: %s\n", what);
    exit(1);
}

/* --- the baseline's token: HS256 by hand, byte for byte what the SDK signs ---------------- */

static size_t b64url(const unsigned char *in, size_t len, char *out) {
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t o = 0, i = 0;
    for (; i + 2 < len; i += 3) {
        unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
        out[o++] = alphabet[v >> 18 & 63];
        out[o++] = alphabet[v >> 12 & 63];
        out[o++] = alphabet[v >> 6 & 63];
        out[o++] = alphabet[v & 63];
    }
    if (len - i == 1) {
        unsigned v = (unsigned)in[i] << 16;
        out[o++] = alphabet[v >> 18 & 63];
        out[o++] = alphabet[v >> 12 & 63];
    } else if (len - i == 2) {
        unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8;
        out[o++] = alphabet[v >> 18 & 63];
        out[o++] = alphabet[v >> 12 & 63];
        out[o++] = alphabet[v >> 6 & 63];
    }
    out[o] = '\0';
    return o;
}

/* "plenigoToken: <jwt>" into out: {"alg":"HS256"}.{aud, companyId, exp, jti}.HMAC-SHA256. */
static void token_header(char *out, size_t size) {
    unsigned char id[16];
    if (RAND_bytes(id, sizeof id) != 1) die("RAND_bytes failed");
    id[6] = (id[6] & 0x0f) | 0x40; /* UUID v4 */
    id[8] = (id[8] & 0x3f) | 0x80;
    char claims[256];
    int n = snprintf(claims, sizeof claims,
                     "{\"aud\":\"plenigo\",\"companyId\":\"%s\",\"exp\":%lld,\"jti\":\""
                     "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x\"}",
                     company, (long long)time(NULL) + TOKEN_LIFETIME, id[0], id[1], id[2], id[3],
                     id[4], id[5], id[6], id[7], id[8], id[9], id[10], id[11], id[12], id[13],
                     id[14], id[15]);
    if (n < 0 || (size_t)n >= sizeof claims) die("claims too long");
    static const char prefix[] = "plenigoToken: ";
    char *p = out;
    memcpy(p, prefix, sizeof prefix - 1);
    p += sizeof prefix - 1;
    char *signing_input = p;
    const char *header = "{\"alg\":\"HS256\"}";
    p += b64url((const unsigned char *)header, strlen(header), p);
    *p++ = '.';
    p += b64url((const unsigned char *)claims, (size_t)n, p);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned mac_len = 0;
    if (!HMAC(EVP_sha256(), secret, (int)strlen(secret), (const unsigned char *)signing_input,
              (size_t)(p - signing_input), mac, &mac_len))
        die("HMAC failed");
    *p++ = '.';
    p += b64url(mac, mac_len, p);
    if ((size_t)(p - out) >= size) die("token buffer overrun");
}

/* --- the measured loops: each makes n calls and exits on a failed one --------------------- */

static void package_calls(long n) {
    for (long i = 0; i < n; i++) {
        bool bought = false;
        plenigo_error *error = NULL;
        plenigo_status status =
            plenigo_has_user_bought(client, customer, product, app, &bought, &error);
        if (status != PLENIGO_STATUS_OK) {
            char *message = plenigo_error_message(error);
            fprintf(stderr, "bench.c: plenigo_has_user_bought: %s: %s\n",
                    plenigo_status_name(status), message ? message : "?");
            plenigo_string_free(message);
            plenigo_error_free(error);
            exit(1);
        }
        if (!bought) die("plenigo_has_user_bought did not grant");
    }
}

static size_t discard(char *data, size_t size, size_t count, void *user) {
    (void)data;
    (void)user;
    return size * count;
}

static void curl_calls(long n) {
    char token[1024];
    for (long i = 0; i < n; i++) {
        token_header(token, sizeof token);
        struct curl_slist *headers = curl_slist_append(NULL, token);
        if (!headers) die("curl_slist_append failed");
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        CURLcode code = curl_easy_perform(curl);
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(headers);
        if (code != CURLE_OK) {
            fprintf(stderr, "bench.c: curl: %s\n", curl_easy_strerror(code));
            exit(1);
        }
        if (status != 200 && status != 204) {
            fprintf(stderr, "bench.c: curl: HTTP %ld from the canned server\n", status);
            exit(1);
        }
    }
}

/* The 4 worker threads, started once and kept (as a server keeps its threads: a library may
 * keep state per thread, e.g. a connection). A measurement with k threads hands each of the
 * first k workers its calls and waits until they are done. */
#define WORKERS 4
static pthread_t workers[WORKERS];
static pthread_mutex_t job_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t job_posted = PTHREAD_COND_INITIALIZER, job_done = PTHREAD_COND_INITIALIZER;
static unsigned long job_generation;
static int job_threads, job_running;
static long job_total;

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void *worker_main(void *arg) {
    int index = (int)(long)arg;
    unsigned long seen = 0;
    for (;;) {
        pthread_mutex_lock(&job_lock);
        while (job_generation == seen || index >= job_threads) {
            seen = job_generation;
            pthread_cond_wait(&job_posted, &job_lock);
        }
        seen = job_generation;
        long calls = job_total / job_threads + (index < job_total % job_threads ? 1 : 0);
        pthread_mutex_unlock(&job_lock);
        package_calls(calls);
        pthread_mutex_lock(&job_lock);
        if (--job_running == 0) pthread_cond_signal(&job_done);
        pthread_mutex_unlock(&job_lock);
    }
    return NULL;
}

static void start_workers(void) {
    for (long i = 0; i < WORKERS; i++)
        if (pthread_create(&workers[i], NULL, worker_main, (void *)i)) die("pthread_create failed");
}

/* total calls split over the first k workers, sharing the client; *seconds from handing out the
 * calls until the last worker was done. */
static void threads(int k, long total, double *seconds) {
    if (k < 1 || k > WORKERS) die("1 to 4 threads");
    pthread_mutex_lock(&job_lock);
    job_threads = k;
    job_running = k;
    job_total = total;
    job_generation++;
    double started = now_s();
    pthread_cond_broadcast(&job_posted);
    while (job_running > 0) pthread_cond_wait(&job_done, &job_lock);
    *seconds = now_s() - started;
    pthread_mutex_unlock(&job_lock);
}

static void cpu_and_switches(void (*run)(long), long n, double *cpu, long *switches) {
    struct rusage before, after;
    getrusage(RUSAGE_SELF, &before);
    run(n);
    getrusage(RUSAGE_SELF, &after);
    *cpu += (double)(after.ru_utime.tv_sec - before.ru_utime.tv_sec) +
            (double)(after.ru_utime.tv_usec - before.ru_utime.tv_usec) / 1e6 +
            (double)(after.ru_stime.tv_sec - before.ru_stime.tv_sec) +
            (double)(after.ru_stime.tv_usec - before.ru_stime.tv_usec) / 1e6;
    *switches += (after.ru_nvcsw - before.ru_nvcsw) + (after.ru_nivcsw - before.ru_nivcsw);
}

/* --- the rounds ----------------------------------------------------------------------------- */

enum { PACKAGE, CURL_REUSED, THREADS_1, THREADS_2, THREADS_4, ROWS };
static const struct {
    const char *id, *label, *baseline, *goal;
} rows[ROWS] = {
    {"c.package", "C library, plenigo_has_user_bought through the C ABI, one client", "c.curl.reused", NULL},
    {"c.curl.reused", "C libcurl, one reused easy handle, token signed per call with OpenSSL HMAC",
     NULL, NULL},
    {"c.threads.1", "C library, 1 thread, calls/s", NULL, NULL},
    {"c.threads.2", "C library, 2 threads on one client, calls/s", "c.threads.1", ">= 1.8"},
    {"c.threads.4", "C library, 4 threads on one client, calls/s", "c.threads.1", NULL},
};

static void emit_start(int row, int round) {
    printf("BENCH {\"row\": \"%s\", \"label\": \"%s\", \"baseline\": ", rows[row].id,
           rows[row].label);
    if (rows[row].baseline) printf("\"%s\"", rows[row].baseline);
    else printf("null");
    if (rows[row].goal) printf(", \"goal\": \"%s\"", rows[row].goal);
    printf(", \"cmd\": \"%s\", \"round\": %d, ", CMD, round);
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s URL ROUNDS CALLS\n", argv[0]);
        return 2;
    }
    const char *base = argv[1];
    int rounds = atoi(argv[2]);
    long calls = atol(argv[3]);
    if (rounds < 1 || calls < SLICES) die("ROUNDS >= 1 and CALLS >= 5");
    company = env_or("BENCH_COMPANY", "23NuCmdPoiRRkQiCqP9Q");
    secret = env_or("BENCH_SECRET", "QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj");
    customer = env_or("BENCH_CUSTOMER", "56202510");
    product = env_or("BENCH_PRODUCT", "RgKUHT78563989856641");
    app = env_or("BENCH_APP", "ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G");

    plenigo_config config;
    plenigo_config_init(&config, sizeof config);
    config.company_id = company;
    config.secret = secret;
    config.base_url = base;
    plenigo_error *error = NULL;
    if (plenigo_client_new(&config, &client, &error) != PLENIGO_STATUS_OK) {
        char *message = plenigo_error_message(error);
        fprintf(stderr, "bench.c: plenigo_client_new: %s\n", message ? message : "?");
        return 1;
    }

    /* The path the SDK requests (src/apps.rs; the fixture's IDs need no percent-encoding). */
    if (snprintf(url, sizeof url, "%s/api/v2/access/app/%s/%s/%s?testMode=false", base, customer,
                 product, app) >= (int)sizeof url)
        die("URL too long");
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || !(curl = curl_easy_init()))
        die("curl init failed");
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);

    package_calls(WARM_UP);
    curl_calls(WARM_UP);
    start_workers();
    double warm_seconds;
    threads(WORKERS, WORKERS * WARM_UP / 4, &warm_seconds);

    /* One measurement each per slice; "threads" (index 2) runs the thread rows back to back. */
    enum { ORDER = 3 };
    const int thread_k[3] = {1, 2, 4};
    for (int round = 1; round <= rounds; round++) {
        double cpu[2] = {0, 0}, wall[3] = {0, 0, 0};
        long switches[2] = {0, 0};
        for (int slice = 0; slice < SLICES; slice++) {
            long n = calls / SLICES + (slice < calls % SLICES ? 1 : 0);
            int shift = ((round - 1) * SLICES + slice) % ORDER;
            for (int j = 0; j < ORDER; j++) {
                int what = (shift + j) % ORDER;
                if (what == 0) cpu_and_switches(package_calls, n, &cpu[0], &switches[0]);
                else if (what == 1) cpu_and_switches(curl_calls, n, &cpu[1], &switches[1]);
                else {
                    int turn = ((round - 1) * SLICES + slice) % 3;
                    for (int t = 0; t < 3; t++) {
                        int which = (turn + t) % 3;
                        double seconds = 0;
                        threads(thread_k[which], n, &seconds);
                        wall[which] += seconds;
                    }
                }
            }
        }
        double cpu_us[2], cs[2], per_s[3];
        for (int r = 0; r < 2; r++) {
            cpu_us[r] = cpu[r] / (double)calls * 1e6;
            cs[r] = (double)switches[r] / (double)calls;
            emit_start(r, round);
            printf("\"cpu_us\": %.1f, \"cs\": %.2f}\n", cpu_us[r], cs[r]);
        }
        for (int t = 0; t < 3; t++) {
            per_s[t] = (double)calls / wall[t];
            emit_start(THREADS_1 + t, round);
            printf("\"per_s\": %.0f}\n", per_s[t]);
        }
        fflush(stdout);
        fprintf(stderr,
                "::: round %d: CPU us/call package %.1f curl %.1f (%.2f); switches/call "
                "package %.2f curl %.2f; calls/s 1 thread %.0f, 2/1 %.2f, 4/1 %.2f\n",
                round, cpu_us[0], cpu_us[1], cpu_us[0] / cpu_us[1], cs[0], cs[1], per_s[0],
                per_s[1] / per_s[0], per_s[2] / per_s[0]);
    }
    /* The workers wait for work until exit; the client stays theirs. */
    curl_easy_cleanup(curl);
    return 0;
}
