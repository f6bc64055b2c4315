"""Everything that turns data into what Telegram shows: text, buttons, menus, strings."""
