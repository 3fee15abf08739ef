/*
 * Redaction (see redact.h). HMAC-SHA256 is GLib's GHmac (GLib comes with
 * GMime).
 */
#include "redact/redact.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>

#include <glib.h>

#include "core/afile.h"
#include "core/buf.h"
#include "core/fsutil.h"
#include "core/secret.h"

json_t *redact_headers(const json_t *headers)
{
    json_t *out;
    const char *name;
    json_t *v;

    if (headers == NULL)
        return NULL;
    out = json_object();
    json_object_foreach((json_t *)headers, name, v)
        json_object_set_new(out, name,
                            secret_header(name)
                                ? json_string("<redacted>")
                                : json_incref(v));
    return out;
}

static int hex_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Parses 64 hex digits into key. */
static int parse_key(struct redact_key *key, const char *text)
{
    for (size_t i = 0; i < sizeof(key->k); i++) {
        int hi = hex_value((unsigned char)text[2 * i]);
        int lo = hi < 0 ? -1 : hex_value((unsigned char)text[2 * i + 1]);

        if (lo < 0)
            return -1;
        key->k[i] = (unsigned char)(hi * 16 + lo);
    }
    return 0;
}

void redact_key_hex(char hex[65], const struct redact_key *key)
{
    for (size_t i = 0; i < sizeof(key->k); i++)
        snprintf(hex + 2 * i, 3, "%02x", key->k[i]);
    hex[2 * sizeof(key->k)] = '\0';
}

void redact_key_id(char id[9], const struct redact_key *key)
{
    gchar *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, key->k,
                                             sizeof(key->k));

    snprintf(id, 9, "%.8s", sum ? sum : "");
    g_free(sum);
}

static int create_key(struct redact_key *key, const char *path,
                      struct rc_error *err)
{
    char hex[2 * sizeof(key->k) + 2];

    if (getrandom(key->k, sizeof(key->k), 0) != (ssize_t)sizeof(key->k))
        return rc_error_set(err, RC_EIO, path,
                            "cannot get random bytes for the key");
    redact_key_hex(hex, key);
    hex[2 * sizeof(key->k)] = '\n';
    hex[2 * sizeof(key->k) + 1] = '\0';
    return afile_write(path, hex, strlen(hex), 0600, err);
}

/* The key of RELCHECK_REDACT_KEY: exactly 64 hex digits. The value is
 * never repeated in a message (it may be a wrong secret, or a right one
 * with a stray character). */
static int env_key(struct redact_key *key, const char *text,
                   struct rc_error *err)
{
    size_t len = strlen(text);

    if (len != 2 * sizeof(key->k) || parse_key(key, text) != 0)
        return rc_error_set(err, RC_EINPUT, REDACT_KEY_ENV, "not a "
                            "redaction key (64 hex digits expected, the "
                            "variable holds %zu characters%s); set it to "
                            "the output of 'relcheck key' where the "
                            "fixtures were recorded, or unset it to use "
                            ".relcheck/key", len,
                            len == 2 * sizeof(key->k) ? " that are not all "
                            "hex digits" : "");
    key->from_env = true;
    return 0;
}

static int file_key(struct redact_key *key, const char *path,
                    const struct stat *st, struct strvec *warnings,
                    struct rc_error *err)
{
    char *text = NULL;
    size_t len;
    int rc;

    if ((st->st_mode & 077) && warnings)
        strvec_pushf(warnings, "%s: key file readable by group or others "
                     "(chmod 600 it)", path);
    rc = fs_read_file(&text, &len, path, 4096, err);
    if (rc == 0 && (len < 2 * sizeof(key->k) || parse_key(key, text) != 0))
        rc = rc_error_set(err, RC_EINPUT, path,
                          "malformed key (64 hex digits expected)");
    free(text);
    return rc;
}

/* Finds the key, or creates the file when create. */
static int key_get(struct redact_key *key, const char *state_dir,
                   bool create, struct strvec *warnings,
                   struct rc_error *err)
{
    const char *env = getenv(REDACT_KEY_ENV);
    char *path = NULL;
    struct stat st;
    int rc;

    memset(key, 0, sizeof *key);
    if (env && *env) {
        rc = env_key(key, env, err);
        goto done;
    }
    if ((path = fs_join(state_dir, "key")) == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    if (stat(path, &st) == 0)
        rc = file_key(key, path, &st, warnings, err);
    else if (create)
        rc = create_key(key, path, err);
    else
        rc = RC_ENOTFOUND;
done:
    if (rc == 0)
        redact_key_id(key->id, key);
    else
        memset(key, 0, sizeof *key);
    free(path);
    return rc;
}

int redact_key_find(struct redact_key *key, const char *state_dir,
                    struct strvec *warnings, struct rc_error *err)
{
    return key_get(key, state_dir, false, warnings, err);
}

int redact_key_load(struct redact_key *key, const char *state_dir,
                    struct strvec *warnings, struct rc_error *err)
{
    return key_get(key, state_dir, true, warnings, err);
}

/* A value that is not a string is hashed as jansson's compact text, reals
 * with 17 digits: that text is no one's to read, and keeping it keeps the
 * hashes of fixtures recorded before reals were written shortest (see
 * core/jsonw.h), so their redacted numbers still compare equal. */
char *redact_value(const struct redact_key *key, const json_t *v)
{
    char *text = json_is_string(v) ? NULL
                 : json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    const char *data = json_is_string(v) ? json_string_value(v) : text;
    size_t len = json_is_string(v) ? json_string_length(v)
                 : text ? strlen(text) : 0;
    gchar *mac;
    char *out = NULL;

    if (data == NULL)
        return NULL;
    mac = g_compute_hmac_for_data(G_CHECKSUM_SHA256, key->k, sizeof(key->k),
                                  (const guchar *)data, len);
    if (mac && asprintf(&out, "<redacted:%.16s>", mac) < 0)
        out = NULL;
    g_free(mac);
    free(text);
    return out;
}

bool redact_is_redacted(const json_t *v)
{
    const char *s = json_string_value(v);

    if (s == NULL || json_string_length(v) != 27 ||
        strncmp(s, "<redacted:", 10) != 0 || s[26] != '>')
        return false;
    for (int i = 10; i < 26; i++)
        if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
            return false;
    return true;
}

/* pattern_redact_fn for redact_json: ctx is the key. A value that is
 * already "<redacted:HEX>" (a stored baseline) is kept as it is. */
static json_t *redact_hook(void *ctx, const json_t *v)
{
    char *r;

    if (redact_is_redacted(v))
        return json_incref((json_t *)v);
    r = redact_value(ctx, v);
    json_t *s = r ? json_string(r) : NULL;

    free(r);
    return s;
}

long redact_json(json_t *doc, const struct pattern_set *patterns,
                 const struct redact_key *key)
{
    if (doc == NULL || patterns == NULL || patterns->n == 0)
        return 0;
    return pattern_redact_tree(doc, NULL, 0, patterns, redact_hook,
                               (void *)key);
}

json_t *redact_fn_value(void *key, const json_t *v)
{
    return redact_hook(key, v);
}
