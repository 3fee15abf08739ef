/*
 * The source scan of `relcheck fields --source` (see fields.h): the
 * integration's own files read once, line by line, each identifier looked
 * up in a hash of the fields' names.
 */
#include "fields/fields.h"

#include <dirent.h>
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SCAN_MAX_FILE ((off_t)1 << 20)
#define SCAN_SNIFF 8192

/* name -> the rows that carry it, as a GPtrArray of struct field_row *. */
struct scan {
    GHashTable *names;
    size_t left;        /* names not seen yet: the scan may stop at 0 */
    struct rc_error *err;
};

static bool ident_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
           || (ch >= '0' && ch <= '9') || ch == '_';
}

/* Whether the token line[a..b) stands where a field name is read: quoted
 * ('x', "x") or after '.', '->', '/', '@' or '['. */
static bool in_field_position(const char *line, size_t a, size_t b)
{
    char before = a > 0 ? line[a - 1] : '\0';
    char after = line[b];

    if ((before == '\'' || before == '"') && after == before)
        return true;
    if (before == '.' || before == '/' || before == '@' || before == '[')
        return true;
    return before == '>' && a > 1 && line[a - 2] == '-';
}

static void saw(struct scan *sc, const char *line, size_t a, size_t b,
                const char *file, long lineno)
{
    char buf[256];
    GPtrArray *rows;

    if (b - a >= sizeof buf || !in_field_position(line, a, b))
        return;
    memcpy(buf, line + a, b - a);
    buf[b - a] = '\0';
    rows = g_hash_table_lookup(sc->names, buf);
    if (rows == NULL)
        return;
    for (guint i = 0; i < rows->len; i++) {
        struct field_row *r = g_ptr_array_index(rows, i);
        if (r->seen == NULL
            && asprintf(&r->seen, "%s:%ld", file, lineno) < 0)
            r->seen = NULL;
    }
    g_hash_table_remove(sc->names, buf);
    sc->left--;
}

/* Whether the file's first bytes hold a NUL (a binary file). */
static bool binary(FILE *fp)
{
    char buf[SCAN_SNIFF];
    size_t n = fread(buf, 1, sizeof buf, fp);

    rewind(fp);
    return memchr(buf, '\0', n) != NULL;
}

static void scan_file(struct scan *sc, const char *path, off_t size)
{
    FILE *fp;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno = 0;

    if (size > SCAN_MAX_FILE || (fp = fopen(path, "r")) == NULL)
        return;
    if (!binary(fp)) {
        while (sc->left && (n = getline(&line, &cap, fp)) > 0) {
            lineno++;
            for (ssize_t i = 0; i < n;) {
                if (!ident_char(line[i])) {
                    i++;
                    continue;
                }
                ssize_t j = i;
                while (j < n && ident_char(line[j]))
                    j++;
                saw(sc, line, (size_t)i, (size_t)j, path, lineno);
                i = j;
            }
        }
    }
    free(line);
    fclose(fp);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Walks dir depth first, entries in name order. Unreadable subfolders are
 * skipped; only the top folder must open. */
static int scan_dir(struct scan *sc, const char *dir, bool top)
{
    DIR *d = opendir(dir);
    struct strvec names = STRVEC_INIT;
    struct dirent *e;

    if (d == NULL)
        return top ? rc_error_set(sc->err, RC_EINPUT, dir,
                                  "cannot read the source folder: %s",
                                  strerror(errno))
                   : 0;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")
            && strcmp(e->d_name, ".git"))
            strvec_push(&names, e->d_name);
    closedir(d);
    qsort(names.v, names.n, sizeof *names.v, cmp_names);
    for (size_t i = 0; i < names.n && sc->left; i++) {
        char *path = NULL;
        struct stat st;
        if (asprintf(&path, "%s/%s", dir, names.v[i]) < 0)
            break;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
            scan_dir(sc, path, false);
        else if (S_ISREG(st.st_mode))
            scan_file(sc, path, st.st_size);
        free(path);
    }
    strvec_release(&names);
    return 0;
}

int fields_scan_sources(struct field_inv *invs, size_t n,
                        const struct strvec *dirs, struct rc_error *err)
{
    struct scan sc = {NULL, 0, err};
    int rc = 0;

    sc.names = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                     (GDestroyNotify)g_ptr_array_unref);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < invs[i].n; k++) {
            struct field_row *r = &invs[i].v[k];
            GPtrArray *rows;
            if (r->name == NULL)
                continue;
            rows = g_hash_table_lookup(sc.names, r->name);
            if (rows == NULL) {
                rows = g_ptr_array_new();
                g_hash_table_insert(sc.names, r->name, rows);
                sc.left++;
            }
            g_ptr_array_add(rows, r);
        }
    for (size_t i = 0; i < dirs->n && rc == 0 && sc.left; i++)
        rc = scan_dir(&sc, dirs->v[i], true);
    g_hash_table_destroy(sc.names);
    return rc;
}
