"""The playground (issue 14): newsbot in a browser, with no token and no Telegram.

`newsbot playground` runs the local Bot API server (local_bot_api), the bot against it and a
page that behaves like a Telegram client, in one process (playground/run.py).
"""
