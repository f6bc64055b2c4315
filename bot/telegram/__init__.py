"""Telegram plumbing: the HTTP transport, flood control, and Telegram's HTML."""
