# Production image of the congress scheduling service.
# Build: docker build -t congress .
# Run:   docker run -e DATABASE_URL=postgresql+psycopg://USER@HOST:5432/DB -p 8000:8000 congress
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    CONGRESS_ALEMBIC_INI=/srv/congress/alembic.ini

WORKDIR /srv/congress
COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY scheduler ./scheduler
COPY migrations ./migrations
COPY seeds ./seeds
RUN pip install . \
    && useradd --system --home-dir /srv/congress congress \
    && chown congress /srv/congress
USER congress

EXPOSE 8000
# Migrate, load the seeds (idempotent), then serve.
CMD ["sh", "-c", "congress db upgrade && congress seed load seeds/*.yaml && exec congress serve --host 0.0.0.0 --port 8000"]
