# newsbot — English. Values are HTML for Telegram's HTML parse mode: only Telegram's tags,
# and `&`, `<`, `>` written as entities. Arguments are escaped by the translator.

## Readers

start-greeting =
    👋 Hello, { $name }!
    I bring you the latest news from { $desk }.

    /latest — the newest headlines
    /read <i>id</i> — read an article
    /language — choose English or Georgian
    /help — all commands
help-text =
    <b>Commands</b>
    /latest — the newest headlines (add a number, up to { $max }: <code>/latest 10</code>)
    /read <i>id</i> — read an article (<code>/read 12</code> or /read_12)
    /language — choose English or Georgian
    /help — this list
help-editor-text =
    <b>For editors</b>
    /post — write a new article step by step
    <code>/post Headline</code> and the text on the next lines — publish in one message
    /done — finish the text and see a preview
    /publish — publish the draft
    /cancel — discard the draft

latest-title = 📰 <b>Latest news</b>
latest-empty = No articles have been published yet.
latest-no-more = There are no older articles.
latest-bad-count = Please give a number of headlines from 1 to { $max }, e.g. <code>/latest 10</code>.
latest-clamped = Showing at most { $max } headlines at a time.
button-more = Older ›
button-newest = « Newest

article-meta = { $date } · 👁 { $views }
read-also = Read also:
read-usage = Which article? Send <code>/read 12</code>, or pick one from /latest.
read-bad-id = “{ $value }” is not an article number. Send <code>/read 12</code>, or pick one from /latest.
read-not-found = There is no article number { $id }. See /latest for what is published.

language-choose = Choose the language for this chat:
language-set = Language set: English.
language-not-allowed = Only the group’s administrators can change its language.
language-name-en = English
language-name-ka = ქართული

## Editors

editor-only = Sorry, only the news desk’s editors can do that.
post-ask-headline = ✍️ New article. Send the <b>headline</b> (one line, up to { $max } characters), or /cancel.
post-ask-body =
    Headline saved: <b>{ $headline }</b>
    Now send the <b>text</b>. It may come in several messages, or as a .txt, .md or .html file. Send /done when it is complete, or /cancel.
post-body-added = Added. The text now has { $length } characters. Send more, /done to preview, or /cancel.
post-preview-intro = 👀 <b>Preview</b> — this is exactly what readers will see:
post-preview-actions = Publish this article?
button-publish = ✅ Publish
button-cancel = ✖️ Cancel
post-published = ✅ Published as article { $id }: /read_{ $id }
post-cancelled = Draft discarded.
post-timed-out = ⌛ Your draft was discarded after { $minutes } minutes without activity.
post-nothing-to-cancel = There is no draft to cancel.
post-draft-gone = This draft is no longer open. Start again with /post.
post-headline-empty = The headline is empty. Send one line of text, or /cancel.
post-headline-too-long = The headline has { $length } characters; the limit is { $max }. Please shorten it.
post-headline-multiline = The headline must be a single line. Send it again without line breaks.
post-body-empty = The article has no text yet. Send the text, or /cancel.
post-body-too-long = The text would have { $length } characters; the limit is { $max }. That last part was not added.
post-expects-text = Please send text or a .txt, .md or .html file.
post-file-unsupported = I can read .txt, .md and .html files only.
post-file-too-large = That file is too large ({ $size } KB); the limit is { $max } KB.
post-file-not-utf8 = I could not read that file as UTF-8 text.

## Headline alerts (sent on schedule to subscribed chats)

alert-title = 📰 <b>Fresh news</b>
alert-more = …and { $count } more — /latest

## Everywhere

button-stale = This button is no longer valid.
text-hint = Send /latest for the newest headlines, or /help for all commands.
unknown-command = I don’t know that command. See /help.
error-generic = Sorry, something went wrong on our side. Please try again later.

## Command menu (plain text, shown by Telegram)

command-start = Welcome and introduction
command-latest = The newest headlines
command-read = Read an article by its number
command-language = Choose English or Georgian
command-help = All commands
