/*
 * The redaction key against the fixtures (see keycheck.h).
 */
#include "replay/keycheck.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/fixture.h"
#include "core/fsutil.h"
#include "core/json.h"

/* Where the writers put "redaction_key": near the top of the document,
 * before the request and the body. */
#define HEAD_BYTES 4096

/* The key id in the JSON text, copied to id; false when the text has no
 * top-level "redaction_key" holding a well-formed id. */
static bool id_in_text(char id[9], const char *text, size_t len)
{
    static const char *const at[] = {"redaction_key"};
    size_t vlen = 0;
    const char *v = jx_member_value(text, len, at, 1, &vlen);

    if (v == NULL || vlen != 10 || v[0] != '"' || v[9] != '"')
        return false;
    memcpy(id, v + 1, 8);
    id[8] = '\0';
    return fixture_key_id_ok(id);
}

int replay_fixture_key_id(char id[9], const char *path,
                          struct rc_error *err)
{
    char head[HEAD_BYTES], *text = NULL;
    struct stat st;
    ssize_t got;
    size_t len;
    int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

    id[0] = '\0';
    if (fd < 0)
        return 0;                   /* no fixture: nothing to compare */
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)
        || (got = read(fd, head, sizeof head)) < 0) {
        close(fd);
        return 0;                   /* loading it says what is wrong */
    }
    close(fd);
    if (id_in_text(id, head, (size_t)got) || (size_t)got < sizeof head)
        return 0;
    rc = fs_read_regular(&text, &len, path, JX_MAX_FILE, err);
    if (rc == 0 && !id_in_text(id, text, len))
        id[0] = '\0';
    free(text);
    return rc == RC_ENOTFOUND ? 0 : rc;
}

/* The first fixture (path, id) whose id differs from want ("" : any id
 * differs), and how many differ in all. */
struct mismatch {
    char *path;
    char id[9];
    size_t count;
};

static int find_mismatch(struct mismatch *m, const struct config *cfg,
                         const struct suite *const *suites, size_t n,
                         const char *want, struct rc_error *err)
{
    char id[9];
    int rc = 0;

    for (size_t i = 0; rc == 0 && i < n; i++)
        for (size_t j = 0; rc == 0 && j < suites[i]->n_calls; j++) {
            char *path = fixture_path(cfg->fixtures_dir, suites[i]->name,
                                      suites[i]->calls[j].id);

            if (path == NULL)
                return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
            rc = replay_fixture_key_id(id, path, err);
            if (rc == 0 && id[0] && strcmp(id, want) != 0
                && m->count++ == 0) {
                m->path = path;
                memcpy(m->id, id, sizeof m->id);
                path = NULL;
            }
            free(path);
        }
    return rc;
}

/* The refusal: which fixture, which ids, and the way to the right key. */
static int refuse(const struct mismatch *m, const struct redact_key *key,
                  struct rc_error *err)
{
    char more[48] = "";
    char here[96];

    if (m->count > 1)
        snprintf(more, sizeof more, " (and %zu more fixtures)",
                 m->count - 1);
    if (key->id[0] == '\0')
        snprintf(here, sizeof here, "there is no key here (%s is not set, "
                 ".relcheck/key does not exist)", REDACT_KEY_ENV);
    else
        snprintf(here, sizeof here, "the key here (%s) has id '%s'",
                 key->from_env ? REDACT_KEY_ENV : ".relcheck/key", key->id);
    return rc_error_set(err, RC_ECONFIG, fs_display(m->path), "recorded "
                        "with redaction key '%s'%s, but %s: every redacted "
                        "field would read as changed; set %s to the key of "
                        "the people who recorded the fixtures ('relcheck "
                        "key' prints it there) or copy their .relcheck/key",
                        m->id, more, here, REDACT_KEY_ENV);
}

int replay_key_check(struct redact_key *key, const struct config *cfg,
                     const struct suite *const *suites, size_t n,
                     bool trial, struct strvec *warnings,
                     struct rc_error *err)
{
    struct mismatch m;
    int rc = redact_key_find(key, cfg->state_dir, warnings, err);

    memset(&m, 0, sizeof m);
    if (rc != 0 && rc != RC_ENOTFOUND)
        return rc;
    rc = cfg->redact.n == 0 ? 0
         : find_mismatch(&m, cfg, suites, n, key->id, err);
    if (rc == 0 && m.count > 0) {
        rc = refuse(&m, key, err);
        if (trial) {
            if (warnings)
                strvec_pushf(warnings, "%s: %s (run and record refuse to "
                             "start until then)", err->where, err->message);
            rc_error_clear(err);
            rc = 0;
        }
    } else if (rc == 0 && key->id[0] == '\0' && !trial) {
        rc = redact_key_load(key, cfg->state_dir, warnings, err);
    }
    free(m.path);
    return rc;
}
