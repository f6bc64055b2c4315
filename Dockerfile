# newsbot: python -m bot with long polling; the SQLite database lives on the /data volume.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DATABASE_PATH=/data/newsbot.sqlite3

RUN useradd --create-home --uid 10001 newsbot \
    && mkdir /data \
    && chown newsbot:newsbot /data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
RUN pip install .

USER newsbot
VOLUME ["/data"]
CMD ["python", "-m", "bot"]
