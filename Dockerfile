# newsbot: `newsbot` (python -m bot) with long polling; the SQLite database lives on the /data
# volume, which is also the working directory: a relative DATABASE_PATH lands there too.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    DATABASE_PATH=/data/newsbot.sqlite3

RUN useradd --create-home --uid 10001 newsbot \
    && mkdir /data \
    && chown newsbot:newsbot /data

# Dependencies, and what building the package takes, in a layer of their own read from
# pyproject.toml alone: changing the code does not reinstall them.
WORKDIR /build
COPY pyproject.toml ./
RUN python -c "import tomllib; project = tomllib.load(open('pyproject.toml', 'rb')); \
        print('\n'.join(project['build-system']['requires'] + project['project']['dependencies']))" \
        > requirements.txt \
    && pip install -r requirements.txt

# Then the package itself, installed: nothing runs from the copied sources, which are removed.
COPY README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
# The playground (`newsbot playground --host 0.0.0.0`, with -p 8080:8080): a desk trains its
# editors on it without a token; it needs the local Bot API server it runs.
COPY local_bot_api ./local_bot_api
COPY playground ./playground
RUN pip install --no-deps --no-build-isolation . \
    && cd / && rm -rf /build

USER newsbot
WORKDIR /data
VOLUME ["/data"]
# The bot rewrites /data/heartbeat every 10 s while polling and delivery work (README "Health");
# with HTTP_PORT set, `newsbot healthcheck` asks the bot's /healthz instead.
# The start period covers start-up's retries while the network comes up.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["newsbot", "healthcheck"]
CMD ["newsbot"]
