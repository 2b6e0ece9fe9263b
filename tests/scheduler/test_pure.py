"""scheduler/ is pure Python: neither FastAPI nor SQLAlchemy."""

from __future__ import annotations

import subprocess
import sys


def test_scheduler_imports_no_web_or_database_layer() -> None:
    code = (
        "import sys, scheduler; "
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('fastapi', 'sqlalchemy', 'starlette', 'pydantic', 'app', 'alembic')]; "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
