"""The starter pack `ssi-advise rules init DIR` writes: a coach's first pack, commented.

It also writes the JSON Schemas into DIR/schemas, and every file's first line points the
editor at them by a relative path: the pack checks as you type on any machine.
"""

from __future__ import annotations

import re
from pathlib import Path

from .files import write_atomic
from .problems import InputError
from .schema_files import SCHEMAS_FOLDER, modeline, write_schemas

PACK_YAML = """\
{pack_modeline}
# Your own rule pack. It builds on the built-in pack: everything below changes only what
# you name here. Check it with `ssi-advise rules check {folder}`, test it with
# `ssi-advise rules test {folder}`, use it with `ssi-advise PROFILE --rules {folder}`.
pack: {name}
version: "0.1.0"
extends: default            # or a path to another pack folder

# Switch off advice you disagree with, by id (`ssi-advise explain PROFILE` lists them).
disable:
  - insights.leave_dead_groups

# Change any field of a rule by id. Titles and texts merge per language; any other field
# you give (bands, when, effort_minutes_per_week, ...) replaces the built-in one.
overrides:
  relationships.connections:
    why: My clients aim for 1,000 connections.
    bands:
      - {{min: 0, points: 0}}
      - {{min: 100, points: 1}}
      - {{min: 300, points: 3}}
      - {{min: 600, points: 5}}
      - {{min: 1000, points: 7, label: "1000+"}}
  relationships.invite_free_account:
    title:
      nl: Nodig elke week tien mensen uit die je al kent
"""

RULES_YAML = """\
{rules_modeline}
# New rules of your own. Every *.yaml file beside pack.yaml is a rule file; ids must be
# new (to change a built-in rule, use overrides: in pack.yaml).
pillar: insights
advice:
  - id: insights.my_weekly_video
    improves: insights.posts_per_week       # the measure this advice raises
    when: {{fact: insights.posts_per_week, lt: 3}}
    effort_minutes_per_week: 40
    title:
      en: Post one short video a week
      nl: Plaats elke week één korte video
    text:
      en: Two minutes, one tip, filmed with your phone. Video is what my clients' buyers watch.
      nl: Twee minuten, één tip, gefilmd met je telefoon. Video is wat de kopers van mijn klanten bekijken.
"""

TESTS_YAML = """\
{tests_modeline}
# Test cases for this pack: a profile and what the report must show.
cases:
  - name: A client with 600 connections gets 5 points and my video advice
    profile:
      relationships: {{connections: 600}}
      insights: {{posts_per_week: 1, groups: 60}}
    expect:
      pillars: {{relationships: 5}}
      actions: [insights.my_weekly_video]
      not_actions: [insights.leave_dead_groups]
"""


def write_starter(folder: Path) -> list[Path]:
    """Write the starter pack into `folder` (new or empty); the paths written."""
    try:
        if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            raise InputError.single("exists and is not an empty folder; choose a new folder for the pack", file=str(folder))
        (folder / "tests").mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError.from_os_error(error, "cannot create the pack folder", folder) from None
    written = [path for path, _ in write_schemas(folder / SCHEMAS_FOLDER)]
    lines = {"pack_modeline": modeline("pack"), "rules_modeline": modeline("rules"), "tests_modeline": modeline("tests", "../")}
    files = {
        folder / "pack.yaml": PACK_YAML,
        folder / "my-rules.yaml": RULES_YAML,
        folder / "tests" / "cases.yaml": TESTS_YAML,
    }
    for path, template in files.items():
        write_atomic(path, template.format(folder=folder, name=pack_name(folder), **lines), what="the file")
    return [*files, *written]


def pack_name(folder: Path) -> str:
    """A pack name from its folder's (`Coach Bakker` → `coach-bakker`): reports name the pack,
    so a starter called my-pack in every coach's folder would tell no two apart."""
    name = re.sub(r"[^a-z0-9_-]+", "-", folder.resolve().name.lower()).strip("-_")
    return name if re.fullmatch(r"[a-z0-9][a-z0-9_-]*", name) else "my-pack"
