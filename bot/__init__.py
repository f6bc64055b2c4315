"""newsbot: a Telegram news-distribution bot."""
