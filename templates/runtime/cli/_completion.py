"""``completion bash|zsh|fish``: a shell completion script, written from the parser itself.

Commands, their options and option values (choices), model ids for ``run`` / ``submit`` /
``models show``; a model's own field options are asked of ``runcomfy-py completion --fields
MODEL_ID`` when completing, so they follow the installed client. zsh uses the bash script
through ``bashcompinit``.
"""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Iterator
from dataclasses import dataclass

from ._exit import OK, UsageError
from ._parser import MODEL_COMMANDS, PROG, Registry, build_parser
from ._session import Session

__all__ = ["register"]

SHELLS = ("bash", "zsh", "fish")
_FUNC = "_runcomfy_py"


def register(registry: Registry) -> None:
    parser = registry.add(
        "completion",
        help="print a shell completion script (bash, zsh or fish)",
        description="Print a shell completion script. For example:\n\n"
        f"  {PROG} completion bash > ~/.local/share/bash-completion/completions/{PROG}\n"
        f'  {PROG} completion zsh > "${{fpath[1]}}/_{PROG}"\n'
        f"  {PROG} completion fish > ~/.config/fish/completions/{PROG}.fish",
        handler=cmd_completion,
    )
    parser.add_argument("shell", choices=SHELLS, nargs="?")
    parser.add_argument("--fields", metavar="MODEL_ID", help=argparse.SUPPRESS)


@dataclass(frozen=True)
class Command:
    path: str  # "" for the program itself, "run", "requests get", ...
    help: str
    options: tuple[str, ...]
    values: dict[str, tuple[str, ...]]  # option -> its choices (empty: any value)
    subcommands: tuple[str, ...]
    positional: str  # "model", "shell", "request" or ""


def _commands(
    parser: argparse.ArgumentParser, path: str = "", about: str = ""
) -> Iterator[Command]:
    options: list[str] = []
    values: dict[str, tuple[str, ...]] = {}
    subs: dict[str, argparse.ArgumentParser] = {}
    helps: dict[str, str] = {}
    positional = ""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            subs.update(action.choices)
            helps.update({a.dest: a.help or "" for a in action._choices_actions})
            continue
        if action.help == argparse.SUPPRESS:
            continue
        if not action.option_strings:
            positional = {"model_id": "model", "request_id": "request", "shell": "shell"}.get(
                action.dest, ""
            )
            continue
        options.extend(action.option_strings)
        if action.nargs != 0:
            choices = tuple(str(c) for c in action.choices or ())
            values.update(dict.fromkeys(action.option_strings, choices))
    yield Command(path, about, tuple(options), values, tuple(subs), positional)
    for name, sub in subs.items():
        yield from _commands(sub, f"{path} {name}".strip(), helps.get(name, ""))


def _words(items: tuple[str, ...] | list[str]) -> str:
    return shlex.quote(" ".join(items))


def bash_script(commands: list[Command], model_ids: list[str]) -> str:
    takes: list[str] = []
    for command in commands:
        for option, choices in command.values.items():
            takes.append(f'        "{command.path}|{option}") echo {_words(choices)}; return 0;;')
    subs = [
        f'        "{c.path}") echo {_words(c.subcommands)};;' for c in commands if c.subcommands
    ]
    opts = [f'        "{c.path}") echo {_words(c.options)};;' for c in commands]
    kinds = [f'        "{c.path}") echo {c.positional};;' for c in commands if c.positional]
    fields = " || ".join(f'$path == "{c}"' for c in MODEL_COMMANDS)
    return f"""# {PROG} completion for bash (written by `{PROG} completion bash`)
{_FUNC}_models={_words(model_ids)}
{_FUNC}_value() {{
    case "$1|$2" in
{chr(10).join(takes)}
    esac
    return 1
}}
{_FUNC}_subcommands() {{
    case "$1" in
{chr(10).join(subs)}
    esac
}}
{_FUNC}_options() {{
    case "$1" in
{chr(10).join(opts)}
    esac
}}
{_FUNC}_positional() {{
    case "$1" in
{chr(10).join(kinds)}
    esac
}}
{_FUNC}() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    local path="" given="" i word skip=0 subs choices
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="${{COMP_WORDS[i]}}"
        if ((skip)); then skip=0; continue; fi
        if [[ $word == -* ]]; then
            {_FUNC}_value "$path" "$word" >/dev/null && skip=1
            continue
        fi
        subs=" $({_FUNC}_subcommands "$path") "
        if [[ -z $given && $subs == *" $word "* ]]; then
            path="${{path:+$path }}$word"
        elif [[ -z $given ]]; then
            given="$word"
        fi
    done
    if [[ $prev == -* ]] && choices=$({_FUNC}_value "$path" "$prev"); then
        if [[ -n $choices ]]; then
            COMPREPLY=($(compgen -W "$choices" -- "$cur"))
        else
            COMPREPLY=($(compgen -f -- "$cur"))
        fi
        return
    fi
    if [[ $cur == -* ]]; then
        local options="$({_FUNC}_options "$path")"
        if [[ -n $given ]] && [[ {fields} ]]; then
            options="$options $({PROG} completion --fields "$given" 2>/dev/null)"
        fi
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
        return
    fi
    subs="$({_FUNC}_subcommands "$path")"
    if [[ -n $subs && -z $given ]]; then
        COMPREPLY=($(compgen -W "$subs" -- "$cur"))
        return
    fi
    case "$({_FUNC}_positional "$path")" in
        model) [[ -z $given ]] && COMPREPLY=($(compgen -W "${{{_FUNC}_models}}" -- "$cur"));;
        shell) [[ -z $given ]] && COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur"));;
    esac
}}
complete -o default -F {_FUNC} {PROG}
"""


def zsh_script(commands: list[Command], model_ids: list[str]) -> str:
    return (
        f"#compdef {PROG}\n# {PROG} completion for zsh: the bash script, through bashcompinit\n"
        "autoload -U +X bashcompinit && bashcompinit\n" + bash_script(commands, model_ids)
    )


def fish_script(commands: list[Command], model_ids: list[str]) -> str:
    lines = [f"# {PROG} completion for fish (written by `{PROG} completion fish`)"]
    lines.append(f"complete -c {PROG} -f")
    top = commands[0]
    for command in commands:
        if command.path:
            words = command.path.split()
            parent = " ".join(words[:-1])
            if parent:
                cond = f"__fish_seen_subcommand_from {parent}; and not __fish_seen_subcommand_from {words[-1]}"
            else:
                cond = "__fish_use_subcommand"
            lines.append(
                f"complete -c {PROG} -n {shlex.quote(cond)} -a {shlex.quote(words[-1])} "
                f"-d {shlex.quote(command.help)}"
            )
    for command in commands[1:]:  # the program's own options come last, for every command
        cond = f"__fish_seen_subcommand_from {command.path.split()[-1]}"
        for option in command.options:
            if not option.startswith("--") or option in top.options:
                continue
            spec = f"-l {option[2:]}"
            if option in command.values:
                choices = command.values[option]
                spec += f" -x -a {_words(choices)}" if choices else " -r -F"
            lines.append(f"complete -c {PROG} -n {shlex.quote(cond)} {spec}")
    for option in top.options:
        if option.startswith("--"):
            spec = f"-l {option[2:]}"
            if option in top.values:
                choices = top.values[option]
                spec += f" -x -a {_words(choices)}" if choices else " -r"
            lines.append(f"complete -c {PROG} {spec}")
    ids = _words(model_ids)
    lines.append(f"complete -c {PROG} -n '__fish_seen_subcommand_from run submit show' -a {ids}")
    lines.append(
        f"complete -c {PROG} -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'"
    )
    lines.append(
        f"function __{_FUNC}_fields\n"
        f"    for word in (commandline -opc)\n"
        f"        if contains -- $word {' '.join(shlex.quote(m) for m in model_ids)}\n"
        f"            {PROG} completion --fields $word 2>/dev/null\n"
        f"            return\n"
        f"        end\n"
        f"    end\n"
        f"end"
    )
    lines.append(
        f"complete -c {PROG} -n '__fish_seen_subcommand_from run submit' -a '(__{_FUNC}_fields)'"
    )
    return "\n".join(lines) + "\n"


def cmd_completion(args: argparse.Namespace, session: Session) -> int:
    from .._client import model_ids

    if args.fields:
        from . import requested_model
        from ._fields import field_options
        from ._parser import own_options

        schema = requested_model(["run", args.fields])
        if schema is not None:
            for option in field_options(schema[1], own_options("run")):
                session.output.text("\n".join(option.option_strings))
        return OK
    if args.shell is None:
        raise UsageError(
            f"{PROG} completion: say which shell: bash, zsh or fish",
            [f"see: {PROG} completion --help"],
        )
    commands = list(_commands(build_parser()))
    writers = {"bash": bash_script, "zsh": zsh_script, "fish": fish_script}
    session.output.text(writers[args.shell](commands, model_ids()))
    return OK
