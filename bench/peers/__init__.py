"""Peers: other Telegram libraries measured on the same local Bot API server (benchmark-only).

`bench.peers.aiogram_broadcast` needs `aiogram` and `aiogram-broadcaster` (the `[bench]` extra);
import it only where those are installed.
"""
