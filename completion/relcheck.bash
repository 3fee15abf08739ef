# bash completion for relcheck(1), installed as
# share/bash-completion/completions/relcheck. Commands and options are read
# from the program's own --help, so they always match the installed
# version; values are completed where they come from a fixed set or the
# workspace (suite names from ./suites).

_relcheck_commands()
{
    "$1" --help 2>/dev/null \
        | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'
}

_relcheck_options()
{
    "$1" "$2" --help 2>/dev/null | sed -n 's/^  \(--[a-z][a-z-]*\).*/\1/p'
}

_relcheck()
{
    local cur=${COMP_WORDS[COMP_CWORD]}
    local prev=${COMP_WORDS[COMP_CWORD-1]}
    local prog=${COMP_WORDS[0]} cmd=${COMP_WORDS[1]}
    COMPREPLY=()

    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "$(_relcheck_commands "$prog") help --help --version" -- "$cur"))
        return
    fi
    case $prev in
        --dir|--resume)
            COMPREPLY=($(compgen -d -- "$cur")); return ;;
        --out)
            if [ "$cmd" = doc ] || [ "$cmd" = history ]; then
                COMPREPLY=($(compgen -f -- "$cur"))
            else
                COMPREPLY=($(compgen -d -- "$cur"))
            fi
            return ;;
        --config|--overlay|--log|--cacert|--notice)
            COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --fail-on)
            COMPREPLY=($(compgen -W "breaking changed any" -- "$cur")); return ;;
        --save-responses)
            COMPREPLY=($(compgen -W "changed all none" -- "$cur")); return ;;
        --format)
            if [ "$cmd" = doc ]; then
                COMPREPLY=($(compgen -W "md html" -- "$cur"))
            elif [ "$cmd" = history ]; then
                COMPREPLY=($(compgen -W "text md html json" -- "$cur"))
            else
                COMPREPLY=($(compgen -W "html junit md json" -- "$cur"))
            fi
            return ;;
        --suite)
            if [ -d suites ]; then
                local names
                names=$(cd suites && ls -- *.json 2>/dev/null | sed 's/\.json$//')
                COMPREPLY=($(compgen -W "$names" -- "$cur"))
            fi
            return ;;
        --env|--port|--require-token|--jobs|--rate|--timeout|--retries|--budget|--shard|--repeat|--programs|--search|--user|--tolerance|--ignore|--array-key|--call|--field|--reason|--by|--release)
            return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_relcheck_options "$prog" "$cmd") --help" -- "$cur"))
        return
    fi
    if [ "$COMP_CWORD" -eq 2 ] && [ "$cmd" = help ]; then
        COMPREPLY=($(compgen -W "$(_relcheck_commands "$prog")" -- "$cur"))
    elif [ "$COMP_CWORD" -eq 2 ] && [ "$cmd" = import ]; then
        COMPREPLY=($(compgen -W "har postman curl" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}

complete -o filenames -o bashdefault -F _relcheck relcheck
