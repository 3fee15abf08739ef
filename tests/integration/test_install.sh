#!/usr/bin/env bash
# `cmake --install` puts relcheck, its manual page and its bash completion
# under the prefix; the manual page describes every command of
# `relcheck --help` and every option of each `relcheck COMMAND --help`, and
# renders without warnings; the completion completes commands, options and
# values. When the build does not include cmake/Install.cmake yet, that
# file is checked on its own in a small project.
set -euo pipefail
src=$RC_SOURCE_DIR
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
fail() { echo "FAIL: $*"; exit 1; }

cmake --install "$RC_BINARY_DIR" --prefix "$prefix" >/dev/null
[ -x "$prefix/bin/relcheck" ] || fail "bin/relcheck not installed"
man=$prefix/share/man/man1/relcheck.1
comp=$prefix/share/bash-completion/completions/relcheck
if [ ! -f "$man" ]; then
    echo "note: the build has no include(Install); checking cmake/Install.cmake alone"
    mkdir "$tmp/proj"
    cat >"$tmp/proj/CMakeLists.txt" <<CM
cmake_minimum_required(VERSION 3.25)
project(relcheck_install_check NONE)
list(APPEND CMAKE_MODULE_PATH "$src/cmake")
include(Install)
CM
    cmake -S "$tmp/proj" -B "$tmp/proj/build" >/dev/null 2>&1
    cmake --install "$tmp/proj/build" --prefix "$prefix" >/dev/null
fi
[ -f "$man" ] || fail "man page not installed"
[ -f "$comp" ] || fail "bash completion not installed"
cmp -s "$man" "$src/docs/relcheck.1" || fail "installed man page differs"
"$prefix/bin/relcheck" --version | grep -q '^relcheck ' || fail "--version"

# the man page renders cleanly
warnings=$(groff -man -Tutf8 -ww -z "$man" 2>&1)
[ -z "$warnings" ] || fail "groff warnings: $warnings"

# every command and option is in the man page, in its command's section
section() {  # the text of `.SS "relcheck CMD ...` up to the next .SS/.SH
    awk -v cmd="$1" '
        /^\.S[SH] / { inside = index($0, ".SS \"relcheck " cmd " ") == 1 \
                                 || $0 == ".SS \"relcheck " cmd "\"" }
        inside' "$man"
}
common=$(awk '/^\.SH COMMON OPTIONS/{on=1; next} /^\.SH/{on=0} on' "$man")
commands=$("$prefix/bin/relcheck" --help \
           | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
[ "$(echo "$commands" | wc -l)" -ge 13 ] || fail "commands: $commands"
missing=""
for cmd in $commands; do
    text=$(section "$cmd")
    if [ -z "$text" ]; then
        missing="$missing command:$cmd"
        continue
    fi
    for opt in $("$prefix/bin/relcheck" "$cmd" --help \
                 | sed -n 's/^  --\([a-z][a-z-]*\).*/\1/p'); do
        esc=${opt//-/\\\\-}
        if ! grep -q -- "\\\\-\\\\-$esc\\b" <<<"$text" \
           && ! grep -q -- "\\\\-\\\\-$esc\\b" <<<"$common"; then
            missing="$missing $cmd:--$opt"
        fi
    done
done
[ -z "$missing" ] || fail "not in the man page:$missing"
for s in NAME SYNOPSIS DESCRIPTION COMMANDS "EXIT STATUS" FILES EXAMPLES; do
    grep -q "^\.SH $s\$" "$man" || fail "man page has no section $s"
done
for code in 0 1 2 3 130; do
    awk '/^\.SH EXIT STATUS/{on=1; next} /^\.SH/{on=0} on' "$man" \
        | grep -q "^\.B $code\$" || fail "exit status $code not described"
done

# the completion
mkdir -p "$tmp/ws/suites"
touch "$tmp/ws/suites/facturen.json" "$tmp/ws/suites/debiteuren.json"
cd "$tmp/ws"
complete_words() {  # prints the completions of the words given
    PATH="$prefix/bin:$PATH" bash -c '
        source "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
        _relcheck
        printf "%s\n" "${COMPREPLY[@]}"' _ "$comp" "$@" | sort | tr '\n' ' '
}
want() { [ "$1" = "$2" ] || fail "completion: want '$2', got '$1'"; }
want "$(complete_words relcheck se)" "select serve "
want "$(complete_words relcheck d)" "demo diff doc "
want "$(complete_words relcheck serve --ov)" "--overlay "
want "$(complete_words relcheck run --fail-on b)" "breaking "
want "$(complete_words relcheck run --format j)" "json junit "
want "$(complete_words relcheck run --suite f)" "facturen "
want "$(complete_words relcheck import p)" "postman "
want "$(complete_words relcheck help me)" "merge "
want "$(complete_words relcheck demo --d)" "--dir "
want "$(complete_words relcheck record --noise)" "--noise-only "
want "$(complete_words relcheck k)" "key "
want "$(complete_words relcheck key --f)" "--force "
want "$(complete_words relcheck key --i)" "--id "
echo "ok: installed, man page complete, completion works"
