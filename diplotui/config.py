"""Provides the user's own additions: extra topics for the lexicon, and the explorer's
remembered settings (its theme), each a JSON file in the user config directory.

The file is `topics.json` in the user config directory (`~/.config/diplotui/` on
Linux), or wherever `DIPLOTUI_TOPICS` points. It maps a topic label to keywords:

    {"Arctic": ["arctic", "northern sea route"], "Energy": ["hydrogen"]}

A label that exists already gains the keywords; a new label is a new topic.
"""

from __future__ import annotations

import os
from pathlib import Path

import orjson


class ConfigError(Exception):
    """The user's configuration cannot be used; the message names the file."""


def user_file(variable: str, kind: str, name: str) -> Path:
    """The path an environment variable names, else `name` in the user's `kind`
    ("data" or "config") directory for diplotui."""
    override = os.environ.get(variable)
    if override:
        return Path(override).expanduser()
    import platformdirs

    folder = platformdirs.user_data_path if kind == "data" else platformdirs.user_config_path
    return folder("diplotui", appauthor=False) / name


def topics_path() -> Path:
    """Where the user's extra topics live."""
    return user_file("DIPLOTUI_TOPICS", "config", "topics.json")


MAX_USER_KEYWORDS = 50_000


def load_user_topics(path: Path | None = None) -> dict[str, list[str]]:
    """Read the user's extra topics; an absent file means none.

    Raises:
        ConfigError: The file is not JSON of the form {"label": ["keyword", …]}.
    """
    path = path or topics_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the topics file ({exc.strerror or exc})") from None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise ConfigError(f"{path}: not valid JSON") from None
    if not isinstance(data, dict) or not all(
        isinstance(label, str)
        and isinstance(words, list)
        and all(isinstance(w, str) and w.strip() for w in words)
        for label, words in data.items()
    ):
        raise ConfigError(f'{path}: expected {{"topic label": ["keyword", …]}}')
    count = sum(len(words) for words in data.values())
    if count > MAX_USER_KEYWORDS:
        raise ConfigError(
            f"{path}: {count:,} keywords; at most {MAX_USER_KEYWORDS:,} are read (each one is "
            "looked for in every document)"
        )
    return {label.strip(): [w.strip() for w in words] for label, words in data.items() if label.strip()}


def settings_path() -> Path:
    """Where the explorer keeps what it remembers between runs (the theme)."""
    return user_file("DIPLOTUI_SETTINGS", "config", "settings.json")


def load_settings(path: Path | None = None) -> dict[str, str]:
    """The explorer's remembered settings; an absent or unreadable file means none (they
    are a convenience, never a reason not to start)."""
    try:
        data = orjson.loads((path or settings_path()).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}


def save_setting(name: str, value: str, path: Path | None = None) -> None:
    """Remember one setting, keeping the others.

    Raises:
        OSError: The config directory cannot be written.
    """
    from diplotui.store import atomic_write

    path = path or settings_path()
    settings = load_settings(path)
    settings[name] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, orjson.dumps(settings, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
