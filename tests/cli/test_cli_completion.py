"""``completion bash|zsh|fish``: scripts written from the parser, run by the shells themselves."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_runner import Cli
from entry_point import PROGRAM

SEED = "wan-ai/wan-2-6/image-to-image"


@pytest.fixture(scope="module")
def bash_script(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from cli_runner import Cli

    ran = Cli()("completion", "bash")
    assert ran.code == 0, ran.err
    path = tmp_path_factory.mktemp("completion") / "runcomfy-py.bash"
    path.write_text(ran.out, encoding="utf-8")
    return path


def _complete(script: Path, *words: str) -> list[str]:
    """What bash offers for the last of ``words`` (the word being typed; may be empty)."""
    if shutil.which("bash") is None:
        pytest.skip("no bash")
    quoted = " ".join("'" + w.replace("'", "'\\''") + "'" for w in ("runcomfy-py", *words))
    program = (
        f"source {script}\nCOMP_WORDS=({quoted})\nCOMP_CWORD={len(words)}\n"
        "_runcomfy_py\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    env = {**os.environ, "PATH": f"{PROGRAM.parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        ["bash", "--norc", "-c", program], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line]


def test_bash_completes_commands_and_subcommands(bash_script: Path) -> None:
    assert _complete(bash_script, "ru") == ["run"]
    assert sorted(_complete(bash_script, "requests", "")) == ["cancel", "get"]
    assert _complete(bash_script, "models", "sh") == ["show"]


def test_bash_completes_option_values_and_model_ids(bash_script: Path) -> None:
    assert sorted(_complete(bash_script, "--output", "")) == ["json", "pretty"]
    assert sorted(_complete(bash_script, "run", "wan-ai/wan-2-6/image-to-i")) == [SEED]
    # a global option with its value before the command does not hide the command
    assert _complete(bash_script, "--output", "json", "sub") == ["submit"]


def test_bash_completes_the_command_options_and_the_models_own(bash_script: Path) -> None:
    offered = _complete(bash_script, "run", SEED, "--")
    assert {"--input", "--input-file", "--no-wait", "--poll-secs", "--output-dir"} <= set(offered)
    assert {"--prompt", "--image-urls", "--prompt-extend", "--no-prompt-extend"} <= set(offered)


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_scripts_parse(cli: Cli, shell: str, tmp_path: Path) -> None:
    ran = cli("completion", shell)
    assert ran.code == 0
    assert "runcomfy-py" in ran.out
    if shutil.which(shell) is None:
        pytest.skip(f"no {shell} to check the script with")
    path = tmp_path / f"script.{shell}"
    path.write_text(ran.out, encoding="utf-8")
    done = subprocess.run([shell, "-n", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_fields_of_a_model_for_completion(cli: Cli) -> None:
    ran = cli("completion", "--fields", SEED)
    assert "--image-urls" in ran.out.split()
    assert cli("completion", "--fields", "acme/none/here").code == 64
