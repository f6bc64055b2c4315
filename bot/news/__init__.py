"""The news domain: articles, drafts, subscriptions and what editors and readers type.

No Telegram updates here; handlers parse an update, call these functions, and render the result.
"""
