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
# Reading an upload (bot/news/uploads.py; issue 9, item 1) runs in a worker process killed after
# this many seconds, so that any upload is accepted or refused within 2 s (process start and
# the reply included) while the event loop goes on serving readers.
UPLOAD_DEADLINE: Final = 1.5
# The worker's address space: parsing 1 MB needs well under 100 MB; a runaway is refused, not
# left to swap or meet the OOM killer.
UPLOAD_WORKER_MEMORY: Final = 512 * 2**20
# Tags (counted as "<") an upload may hold: 50,000 visible characters need nowhere near this
# many, and the stdlib's parser takes about 5 µs a tag, so more would be refused at the deadline.
UPLOAD_MAX_TAGS: Final = 100_000
# Nested lists indent their items 2 spaces a level up to this depth, deeper ones no further:
# readable on a phone, and 4,000 nested <ul> once made 32,000,001 characters of indentation.
LIST_INDENT_MAX_LEVELS: Final = 8
# Elements left open at once while parsing HTML; beyond this, start tags still lay out their
# text (line and paragraph breaks) but open nothing more. Real pages stay far below it.
OPEN_ELEMENTS_MAX: Final = 10_000
# A body's stored markup, in characters: ten for each visible one allowed, room for every
# character escaped (&amp; is five) and formatting or links around most words, which no real
# article comes near; bodies of huge links (six uploads once made a 5.4 MB message) are refused.
BODY_MAX_MARKUP: Final = 10 * BODY_MAX_LENGTH
# One message's markup, in characters (issue 9): 4096 characters escaped and formatted fit,
# and so does one character under every formatting and a link of Telegram's longest (2048
# characters, at most 6 each escaped), so the splitter can always make progress; a chunk
# heavier than this is cut into more messages.
MESSAGE_MAX_MARKUP: Final = 32_768
# The same editor sending the same headline and text again within this long means the first
# confirmation never arrived, not a second article: they get the first one back.
REPUBLISH_WINDOW: Final = timedelta(hours=1)
# Abandoned drafts are looked for this often at most (sooner when DRAFT_TIMEOUT is shorter).
DRAFT_SWEEP_INTERVAL: Final = 60.0
# An image sent as a file (not as a photo) becomes an article's lead photo in these types, the
# ones sendPhoto takes (issue 10). A document's file_id cannot be sent as a photo, so the file is
# uploaded once as one (at most telegram.constants.FileSizeLimit.PHOTOSIZE_UPLOAD, 10 MB) and
# that photo's file_id is reused from then on.
PHOTO_FILE_TYPES: Final = ("image/jpeg", "image/png", "image/webp")

# --- Scheduled publication (bot/news/scheduling.py, handlers/scheduling.py; issue 11) -----------
# How far ahead an article may be scheduled: a year, so that "29.11 09:00" (the next 29
# November, up to a year ahead) is always accepted, leap day included; further is a typo.
SCHEDULE_MAX_AHEAD: Final = timedelta(days=366)
# The job looks for articles whose time has come this often: one indexed query, so an article
# goes out within a couple of seconds of its time (then its delivery round is asked for at once).
SCHEDULE_CHECK_INTERVAL: Final = 2.0
# Articles published per transaction when many are due at once (a bot back after a long stop):
# each transaction holds the write lock only briefly, so replies never wait long for it.
SCHEDULE_PUBLISH_BATCH: Final = 50
# Editors told per job run that their scheduled articles went out; the rest on the next runs.
SCHEDULE_NOTICES_PER_RUN: Final = 20
# /scheduled shows this many upcoming articles, a message each with its buttons; it counts the rest.
SCHEDULED_LISTED: Final = 10

# --- Sections (bot/news/sections.py, handlers/sections.py; issue 11) ----------------------------
# A section's name, in characters, in either language: it is a button's label (the preview's
# row, /sections) and typed as a #tag after a headline, so a few words at most.
SECTION_NAME_MAX_LENGTH: Final = 32
# Live sections at most: /sections gives each a row of four buttons (rename, up, down, remove)
# under one message, within Telegram's 100 buttons of a keyboard with the Add button; and the
# preview's choice stays a few rows.
SECTIONS_MAX: Final = 20
# Section buttons side by side in the preview and in the readers' /sections: short names, as
# many as a phone shows in a row without cutting them.
SECTION_BUTTONS_PER_ROW: Final = 3
# Daily digest times side by side under /settings ("08:00": four fit a phone's row); quiet
# hours ("23:00–07:00") half as many.
RHYTHM_BUTTONS_PER_ROW: Final = 4

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
# /channels repeats the approval request (with its buttons) of at most this many waiting chats, one
# message each, so a flood of requests cannot make one /channels a flood of messages.
REVIEWS_LISTED: Final = 10
STATS_ROUNDS: Final = 5
# Most read and editors' insight (issue 13). /top ranks by the views gained in this many days
# (the week) and lists this many: one message of headlines with a read button each.
TOP_DAYS: Final = 7
TOP_COUNT: Final = 10
# The /stats chart's window in days (the month), and its size: 10 x 6 inches at
# 100 dpi is a 1000 x 600 PNG of ~60 KB, readable on a phone, well under sendPhoto's 10 MB.
STATS_CHART_DAYS: Final = 30
STATS_CHART_INCHES: Final = (10.0, 6.0)
STATS_CHART_DPI: Final = 100
# /stats buttons opening `/stats <id>` for the week's most-read articles.
STATS_TOP_BUTTONS: Final = 5

# --- Flood control (bot/telegram/flood_control.py) ----------------------------------------------
# Sends spaced exactly at the limit drift into 31-in-a-second windows through timer jitter and
# network reordering; 2% headroom keeps the achieved rate within 98% of the limit without 429s.
HEADROOM: Final = 0.98
# A send that went out late (an event-loop stall) would let the sends after it bunch up inside
# one second; so no slot opens until the send `rate` places back is this far over a second old.
WINDOW_MARGIN: Final = 0.005
# A burst of replies can leave tens of milliseconds after their slots (the event loop is busy with
# the burst's updates: 40-80 ms measured for 300 /latest at once), more than the margin above; the
# reply that takes such a send's place a second later then made one 429 in most bursts of 300. So
# a reply whose round trip exceeds the fastest of the last ROUND_TRIPS_KEPT calls (any method, so
# start-up calls set it before the first burst) by LATE_DEPARTURE or more counts in the window
# from when it left, at the latest (docs/BENCHMARKS.md, part 7).
LATE_DEPARTURE: Final = 0.002
ROUND_TRIPS_KEPT: Final = 256
PRIVATE_CHAT_INTERVAL: Final = 1.0 / FloodLimit.MESSAGES_PER_SECOND_PER_CHAT
# Groups and channels (negative chat ids), replies and broadcast together: Telegram tolerates a
# short burst into one chat (TELEGRAM.md; local_bot_api's model: 3 in 3 s), then ~20 a minute.
# So a group takes GROUP_CHAT_BURST sends at once, then one every GROUP_CHAT_INTERVAL: at most
# 3 + 16 in any minute, the overall headroom above keeping one to spare for network jitter.
# Several members asking at once are answered at this pace, without a 429.
GROUP_CHAT_BURST: Final = 3
GROUP_CHAT_INTERVAL: Final = (
    60.0 / (FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP - GROUP_CHAT_BURST) / HEADROOM
)
# Per-chat readiness is forgotten once this many chats are tracked (only chats that still owe a
# wait, or part of a group's burst, matter).
PACED_CHATS_KEPT: Final = 50_000
# A 429 is waited out and the same request made again; this bounds a pathological loop.
MAX_FLOOD_WAITS: Final = 10

# --- Readers' budget (bot/telegram/reply_budget.py, handlers/throttle.py; issue 9, item 6) ------
# Each reader has a token bucket (in a group, each member their own): an update admitted (a
# message, a button press) costs one, each message sent in answer to it one more. An update is
# admitted while a token is left; the messages it causes may run the bucket into debt, so the
# longest article (BODY_MAX_LENGTH in about 13 messages) is always delivered whole. 30 lets a
# reader read that article twice, or open fifteen short ones in a row, before being asked to
# slow down (20 stopped a test reading eleven articles as fast as the bot answered, with retries
# between them).
READER_BUDGET: Final = 30
# Tokens come back at Telegram's own per-chat rate: past the budget a reader gets what Telegram
# would let through anyway without answering 429 (a 429 pauses every send, broadcast included).
# A group member's refill stays the group rate, not the private one: at 1/s one member alone
# would ask three times what Telegram lets the whole group have, and the 429s would pause every
# send; at 20/min a spammer alone, once past the budget, stays within the group's limit.
READER_REFILL_PRIVATE: Final = float(FloodLimit.MESSAGES_PER_SECOND_PER_CHAT)
READER_REFILL_GROUP: Final = FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP / 60.0
# Budgets are forgotten once this many readers are tracked, full ones first (a full bucket is
# what an unknown reader starts with).
BUDGETS_KEPT: Final = 50_000

# --- Requests made while handling an update (bot/telegram/retries.py) ---------------------------
# Telegram's occasional 5xx and lost connections pass within a second or two: a request is made
# this many times in all, waiting a backoff doubling from the first value (times a random factor
# in [0.5, 1.5), so replies failed by one outage do not all come back at the same moment).
# Four tries turn a 5% failure rate into one lost reply in 160,000.
REQUEST_TRIES: Final = 4
REQUEST_BACKOFF_FIRST: Final = 0.25

# --- Processing updates (bot/telegram/update_processor.py) --------------------------------------
# Handlers mostly wait on Telegram and SQLite, so many run at once; each chat's stay in order.
# 64 keeps a reply queue full at RATE_LIMIT=30 with 100 ms round trips and several database
# steps per update, without letting a flood of updates open hundreds of requests at once.
UPDATES_RUNNING: Final = 64
# Updates admitted at once, running or waiting for their chat's turn: far above UPDATES_RUNNING
# so one chat's backlog of waiting updates cannot hold every slot while other chats are idle.
UPDATES_ADMITTED: Final = 4096

# --- Delivery engine (bot/delivery/engine.py) ---------------------------------------------------
# Without DELIVERY_WORKERS: a send waits one round trip to Telegram (50-100 ms from most places),
# so keeping RATE_LIMIT takes about rate x round trip sends in flight; this much, with slack.
SEND_SECONDS_IN_FLIGHT: Final = 0.15
WORKERS_MIN: Final = 16
# With paid broadcasts (RATE_LIMIT above 30) edits and deletions still go at the free 30 a second:
# this many workers at most hold them (30/s at round trips up to half a second), so a correction
# cannot take the workers a paid round needs.
UNPAID_UPDATES_IN_FLIGHT: Final = 16
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
# Chats stopped (403, chat not found) while more of their alerts of the same round were in hand
# (a forum's topics): those fail unsent instead of meeting the same answer. Forgotten all at
# once past this many, which costs only a repeated 403.
STOPPED_CHATS_KEPT: Final = 4096
# Outcomes are written in batches of this many, or after this many seconds.
RECORD_BATCH: Final = 500
RECORD_INTERVAL: Final = 0.1
# Finished rounds' alerts are history after this long (the cursors keep "once per chat").
OUTBOX_RETENTION: Final = timedelta(days=30)
# Telegram lets a bot delete its messages for 48 hours; a withdrawn article's copies older than
# this (an hour's margin for clocks and queues) are edited to the withdrawal notice instead.
DELETE_WINDOW: Final = timedelta(hours=47)
# The first round is requested this soon after start-up, or after PUSH_INTERVAL if shorter.
FIRST_ROUND_DELAY: Final = 5.0
# On stop, a send already on its way may take REQUEST_TIMEOUT plus this margin to be answered
# and recorded: cut short, Telegram may still deliver it, and the next start would send it again.
STOP_MARGIN: Final = 1.0
# ...but the engine's stop waits no longer than this in all, whatever REQUEST_TIMEOUT says:
# `docker stop` kills the container 10 s after SIGTERM, and the rest of shutdown needs a moment.
STOP_GRACE_MAX: Final = 8.0
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

# --- Start-up (bot/startup.py) ------------------------------------------------------------------
# A start-up call to the Bot API that fails on the network is tried STARTUP_TRIES times (a
# setting), waiting this long after the first failure and twice as long after each next one
# (2, 4, 8, 16 s by default): time for a container's network or a proxy to come up.
STARTUP_BACKOFF_FIRST: Final = 2.0
STARTUP_BACKOFF_MAX: Final = 60.0
# A server's reason for failing is quoted this long at most: a wrong URL can answer a whole page.
STARTUP_REASON_LENGTH: Final = 200

# --- Health (bot/health.py) ---------------------------------------------------------------------
# The running bot rewrites its heartbeat file this often, while it is healthy.
HEARTBEAT_INTERVAL: Final = 10.0
# `healthcheck` accepts a heartbeat this old: three missed beats, so an event loop kept busy for
# a few seconds (a large round) is not reported, while a hung one is within half a minute.
HEARTBEAT_MAX_AGE: Final = 30.0
# Polling has stalled when no getUpdates call has been answered for this long: a healthy long
# poll is answered within its 10 s timeout plus the 5 s read timeout, and PTB waits at most 30 s
# between failed tries, so one slow or failed try is not enough.
POLLING_STALL_AFTER: Final = 60.0
# Delivery has stalled when an engine task has kept failing without progress for this long:
# several restarts (their backoff doubles up to RESTART_BACKOFF_MAX), not one passing failure.
DELIVERY_STALL_AFTER: Final = 120.0
# `newsbot healthcheck` waits this long for the bot's /healthz (HTTP_PORT set): less than the
# Docker HEALTHCHECK's own 10 s timeout, so a hung bot is reported as such, not as a timeout.
HEALTHZ_TIMEOUT: Final = 5.0

# --- The HTTP server (bot/http/; issue 12) ------------------------------------------------------
# A publish API request's body, in bytes: an article's body may be an upload's worth
# (UPLOAD_MAX_BYTES) and JSON escaping can double it (every `"` and `\` escaped); past this the
# server answers 413 before reading more.
API_REQUEST_MAX_BYTES: Final = 2 * UPLOAD_MAX_BYTES
# An external id (a CMS's own id for an article: a number, a slug, a GUID) is at most this long:
# it is stored in the article's origin and typed into URLs.
EXTERNAL_ID_MAX_LENGTH: Final = 200
# The reply latency histogram's buckets, in seconds: a paced reply normally takes tens of
# milliseconds; a reply over a few seconds waited out a 429 or the network.
REPLY_LATENCY_BUCKETS: Final = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
# Rounds whose unsent alerts /metrics counts as the outbox's depth: older rounds have finished
# (each round's alerts give up after MAX_ROUNDS_PER_ALERT rounds).
METRICS_ROUNDS: Final = 20

# --- Feeds (issue 12; bot/feeds/) ---------------------------------------------------------------
# A feed's response is read up to this many bytes (announced or counted as it arrives): a real
# site's feed is well under 1 MB; anything larger is refused before it is parsed.
FEED_MAX_BYTES: Final = 5 * 2**20
# Redirects followed per poll (each checked: http or https only); more is a loop or a trap.
FEED_MAX_REDIRECTS: Final = 5
# Seconds a single read or connect may take, and a whole fetch at most (a server trickling a
# byte at a time never holds a poll for longer).
FEED_TIMEOUT: Final = 10.0
FEED_DEADLINE: Final = 30.0
# After n failures in a row a feed waits FEED_INTERVAL * 2**n, at most this long (or
# FEED_INTERVAL, if longer): a broken site is not hammered, and a mended one is seen within hours.
FEED_BACKOFF_MAX: Final = 6 * 3600.0
# A feed failing this many polls in a row is reported to ERROR_CHAT_ID once (not every poll);
# one or two failures are the network's passing trouble.
FEED_REPORT_AFTER: Final = 3
# The first poll of a new feed imports this many of its newest entries into the archive without
# alerts (the rest are remembered as seen): adding a feed never floods subscribers.
FEED_FIRST_IMPORT: Final = 3
# Feeds polled at once: the event loop stays free for readers; more feeds just take turns.
FEED_CONCURRENCY: Final = 4
# Entries taken from one poll at most (newest first): a feed of 10,000 entries is a mistake.
FEED_MAX_ENTRIES: Final = 500
# With nothing due, the poller looks again after at most this long (an added feed wakes it).
FEED_IDLE_POLL: Final = 60.0
# Characters of a review preview's text: enough to judge an entry, in one message.
FEED_PREVIEW_LENGTH: Final = 1500

# --- Search and "Read also" (issue 13; bot/news/search.py, storage/search.py) -------------------
# Results per page: five headlines with a snippet each fit a phone's screen.
SEARCH_PAGE_SIZE: Final = 5
# A typed query is read up to this many characters (a search is a few words, not an article).
SEARCH_QUERY_MAX_LENGTH: Final = 200
# Words searched for at most; more only slow the query and are never all in one article.
SEARCH_MAX_WORDS: Final = 8
# Shorter words are left out: one letter is in every article (only inside a quoted phrase do
# they count).
SEARCH_MIN_WORD: Final = 2
# Words (or phrases) this long are also found at the start of longer words and inside them
# (`tbilis` in "Tbilisi", "ქართველ" in "საქართველოში"), through the trigram index. Not through
# FTS5 prefix queries (`tbilis*`): those gather every posting of every word with the prefix
# before returning one row, 30 ms for a word in most of a million articles; trigrams are read
# lazily, newest first (0.2 ms there).
SEARCH_INSIDE_MIN: Final = 3
# Trigrams asked of the index per search: enough to make candidates rare; the text check after
# them is exact, so a long word needs no more.
SEARCH_MAX_TRIGRAMS: Final = 8
# The newest matches ranked at most: a common word costs bounded work in a million articles,
# and readers of news want the recent ones (100 pages of results).
SEARCH_CANDIDATES: Final = 500
# Of the matches inside longer words (which come after every whole-word match), the newest this
# many: each costs a check of its text in Python, about 10 µs (20 pages are plenty).
SEARCH_INSIDE_CANDIDATES: Final = 100
# Relevance is bm25 unless a word of the query is in this many articles or more: bm25 reads
# every posting of every word first, for their rarity (20 ms for a word in most of a million
# articles, 70 ms for a phrase of two), so those queries rank by whether the headline has
# the words instead. Counting up to this many costs about 1 ms a word; bm25 on as many, 0.6 ms.
SEARCH_BM25_MAX_MATCHES: Final = 20_000
# Recency boost: relevance is divided by 1 + age / this (a month-old match counts half).
SEARCH_RECENCY: Final = timedelta(days=30)
# A search's Older / Newer buttons work this long after it was last asked for.
SEARCH_QUERY_KEEP: Final = timedelta(days=7)
# Characters of text around a word found inside a longer one, in its result's snippet.
SEARCH_SNIPPET_CHARS: Final = 120
# Inline mode (issue 13): results per answer (the 20; Telegram takes up to 50), paged
# with next_offset; more would only slow the answer a reader waits for while typing.
INLINE_RESULTS: Final = 20
# Characters of the article's text a chosen result posts under its headline (cut on a word
# boundary with "…"): a teaser that leads to the bot, never the article.
INLINE_LEAD_CHARS: Final = 200
# Characters of the text after the date in a result's description: clients show one or two
# lines of it.
INLINE_DESCRIPTION_CHARS: Final = 80
# How long Telegram may reuse an answer for the same query: short, so new articles show soon.
INLINE_CACHE_SECONDS: Final = 30
# Words of an article's headline that look for articles to suggest under it (the longest ones:
# long words are the telling ones), each at least this long.
RELATED_TERMS: Final = 6
RELATED_WORD_MIN: Final = 3
# The newest articles having each of those words that are weighed: a rare word's are all of
# them, a common word costs no more than this. Related articles share the most of the words;
# ranking them by bm25 would count every posting of every word first (20 ms for a word in most
# of a million articles), on every /read.
RELATED_PER_WORD: Final = 200
# A word of the headline in this many articles or more says little about what is related, and
# reading the newest of its matches means reading its whole posting list backwards: at a million
# articles, words in most of them made /read's p99 720 ms (part 4). Such words are left out;
# counting stops at this many, so the check costs a fraction of a millisecond.
RELATED_MAX_MATCHES: Final = 2_000
# A feed's URL, in characters: real ones are far shorter; /feeds lists every one in full.
FEED_URL_MAX_LENGTH: Final = 2048
