"""The seed files of the repository, and loading them as `congress seed load` does."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from app.core.database import transaction
from app.seeds.loader import LoadResult, load_seed
from app.seeds.reader import read_seed_file

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SALVADOR_2010 = SEEDS / "twelfth-congress-salvador-2010.yaml"
DOHA_2015 = SEEDS / "thirteenth-congress-doha-2015.yaml"
VIENNA_2007 = SEEDS / "ctoc-working-group-2007.yaml"


def load(session_factory: sessionmaker[Session], path: Path) -> LoadResult:
    """Load a seed through the real reader and loader, in one transaction."""
    seed_file = read_seed_file(path)
    with transaction(session_factory) as session:
        return load_seed(session, seed_file)


def salvador_2010_with(tmp_path: Path, *changes: tuple[str, str]) -> Path:
    """A copy of the 2010 seed under `tmp_path` with each (old, new) text replaced once;
    a change whose old text is not in the seed fails the test that asks for it."""
    text = SALVADOR_2010.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, f"fixture text {old!r} not found in the seed"
        text = text.replace(old, new, 1)
    path = tmp_path / SALVADOR_2010.name
    path.write_text(text, encoding="utf-8")
    return path
