"""Every fixed number newsbot tunes, in one place; Telegram's own come from `telegram.constants`.

Settings (`bot/settings.py`) are what an operator changes; these are what a developer changes,
each with the reason for its value.
"""

from datetime import timedelta
from typing import Final

from telegram.constants import FloodLimit

# SQLite integers are signed 64-bit: anything larger cannot be an id.
MAX_ID: Final = 2**63 - 1

# --- What editors may publish -------------------------------------------------------------------
HEADLINE_MAX_LENGTH: Final = 200
BODY_MAX_LENGTH: Final = 50_000
# Raw upload size; an HTML file carries markup on top of its at most 50,000 visible characters.
UPLOAD_MAX_BYTES: Final = 1_000_000
UPLOAD_EXTENSIONS: Final = (".txt", ".md", ".markdown", ".html", ".htm")
# The same editor sending the same headline and text again within this long means the first
# confirmation never arrived, not a second article: they get the first one back.
REPUBLISH_WINDOW: Final = timedelta(hours=1)
# Abandoned drafts are looked for this often at most (sooner when DRAFT_TIMEOUT is shorter).
DRAFT_SWEEP_INTERVAL: Final = 60.0

# --- What readers see ---------------------------------------------------------------------------
LATEST_DEFAULT_COUNT: Final = 5
LATEST_MAX_COUNT: Final = 20
RELATED_COUNT: Final = 3
# Headlines named in one alert; the rest are counted ("…and 4 more").
ALERT_HEADLINES: Final = 10
# Button labels are shown on one line; longer headlines are cut on a word boundary.
BUTTON_LABEL_LENGTH: Final = 48
# Editors' reports: how many target chats /channels lists, and how many rounds /stats shows.
CHANNELS_LIST_LIMIT: Final = 100
STATS_ROUNDS: Final = 5

# --- Flood control (bot/telegram/flood_control.py) ----------------------------------------------
# Sends spaced exactly at the limit drift into 31-in-a-second windows through timer jitter and
# network reordering; 2% headroom keeps the achieved rate within 98% of the limit without 429s.
HEADROOM: Final = 0.98
# A send that went out late (an event-loop stall) would let the sends after it bunch up inside
# one second; so no slot opens until the send `rate` places back is this far over a second old.
WINDOW_MARGIN: Final = 0.005
PRIVATE_CHAT_INTERVAL: Final = 1.0 / FloodLimit.MESSAGES_PER_SECOND_PER_CHAT
GROUP_CHAT_INTERVAL: Final = 60.0 / FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP
# Per-chat readiness is forgotten once this many chats are tracked (only future waits matter).
PACED_CHATS_KEPT: Final = 50_000
# A 429 is waited out and the same request made again; this bounds a pathological loop.
MAX_FLOOD_WAITS: Final = 10

# --- Delivery engine (bot/delivery/engine.py) ---------------------------------------------------
# Without DELIVERY_WORKERS: a send waits one round trip to Telegram (50-100 ms from most places),
# so keeping RATE_LIMIT takes about rate x round trip sends in flight; this much, with slack.
SEND_SECONDS_IN_FLIGHT: Final = 0.15
WORKERS_MIN: Final = 16
WORKERS_MAX: Final = 256
# Transient failures (5xx, timeouts, network) are retried this often within a round, with
# exponential backoff from BACKOFF_BASE seconds; then the alert waits for the next round.
TRANSIENT_TRIES: Final = 3
BACKOFF_BASE: Final = 0.5
# Rounds an alert may be left due for before it is given up as failed.
MAX_ROUNDS_PER_ALERT: Final = 5
# Chats planned per transaction: small enough that replies never wait long for the database.
PLAN_CHUNK: Final = 2000
# Alerts claimed per query and queued for the workers: per worker, with a floor, so workers never
# wait on a claim stuck behind a busy event loop.
CLAIM_BATCH_PER_WORKER: Final = 4
CLAIM_BATCH_MIN: Final = 256
QUEUE_DEPTH_PER_WORKER: Final = 8
QUEUE_DEPTH_MIN: Final = 512
# With nothing due, the feeder looks again after at most this long (a wake-up comes sooner).
IDLE_POLL: Final = 5.0
MIN_POLL: Final = 0.05
# Distinct (article range, chat kind, language) renderings kept while a round goes out.
RENDER_CACHE_SIZE: Final = 1024
# Outcomes are written in batches of this many, or after this many seconds.
RECORD_BATCH: Final = 500
RECORD_INTERVAL: Final = 0.1
# Finished rounds' alerts are history after this long (the cursors keep "once per chat").
OUTBOX_RETENTION: Final = timedelta(days=30)
# The first round is requested this soon after start-up, or after PUSH_INTERVAL if shorter.
FIRST_ROUND_DELAY: Final = 5.0
# A long-lived task that died is restarted after a backoff doubling from the first value.
RESTART_BACKOFF_FIRST: Final = 0.5
RESTART_BACKOFF_MAX: Final = 30.0

# --- Reports to the operator (bot/operator_reports.py) -------------------------------------------
# After an error goes to ERROR_CHAT_ID, the next ones within this many seconds make one summary.
ERROR_REPORT_WINDOW: Final = 60.0
# Characters of an error's details sent (its start and its end), well inside Telegram's 4096.
ERROR_REPORT_LENGTH: Final = 3000

# --- Transport (bot/app.py) ---------------------------------------------------------------------
# Connections beyond the broadcast workers, so replies to readers never queue behind a round.
REPLY_CONNECTIONS: Final = 32
MIN_CONNECTIONS: Final = 64
