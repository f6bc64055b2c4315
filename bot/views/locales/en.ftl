# newsbot — English. Values are HTML for Telegram's HTML parse mode: only Telegram's tags,
# and `&`, `<`, `>` written as entities. Arguments are escaped by the translator.

## Readers

start-greeting =
    👋 Hello, { $name }!
    I bring you the latest news from { $desk }.
help-title = <b>Commands</b>
help-editor-title = <b>For editors</b>
help-start = welcome and introduction
help-latest = the newest headlines (add a number, up to { $max }: <code>/latest 10</code>; or a section: <code>/latest world</code>)
help-read = read an article (<code>/read 12</code> or /read_12)
help-subscribe = get new headlines here automatically
help-unsubscribe = stop them
help-settings = this chat’s subscription and language
help-language = choose English or Georgian
help-help = this list
help-post =
    write a new article step by step
    <code>/post Headline</code> and the text on the next lines — publish in one message (<code>/post Headline #section</code>: in that section)
help-done = finish the text and see a preview
help-publish = publish the draft
help-cancel = discard the draft
help-channels = the channels and groups that get headlines
help-addchannel = send headlines to a channel or group
help-removechannel = stop sending them there
help-stats = subscribers, the last delivery rounds and a chart of the last 30 days (<code>/stats 12</code>: one article)
argument-read = <i>id</i>
argument-addchannel = <i>@channel or id</i>
argument-removechannel = <i>@channel or id</i>

latest-title = 📰 <b>Latest news</b>
latest-empty = No articles have been published yet.
latest-no-more = There are no older articles.
latest-bad-count = Please give a number of headlines from 1 to { $max }, e.g. <code>/latest 10</code>.
latest-clamped = Showing at most { $max } headlines at a time.
button-older = Older ›
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
button-publish-breaking = 🔴 Publish as breaking
button-schedule = ⏰ Schedule
post-published = ✅ Published as article { $id }: /read_{ $id }
post-already-published = ✅ This was already published as article { $id }: /read_{ $id }
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
edit-ignored = ✏️ Your edit was not applied: I do not act on edited messages, so the article or draft is not changed. Send what you meant as a new message.

## Subscriptions

interval-minutes =
    { $minutes ->
        [one] every minute
       *[other] every { $minutes } minutes
    }
interval-seconds =
    { $seconds ->
        [one] every second
       *[other] every { $seconds } seconds
    }
subscribe-done = 🔔 Subscribed! From now on this chat gets new headlines { $interval }.
subscribe-already = 🔔 This chat is already subscribed: new headlines arrive { $interval }. Send /unsubscribe to stop them.
unsubscribe-done = 🔕 Unsubscribed. This chat gets no more headlines; /subscribe brings them back.
unsubscribe-not-subscribed = This chat is not subscribed, so there is nothing to stop. Send /subscribe to get new headlines { $interval }.
subscription-admins-only = Only the group’s administrators can subscribe or unsubscribe it. Ask one of them to send /subscribe.
button-subscribe = 🔔 Subscribe
button-unsubscribe = 🔕 Unsubscribe
settings-title = ⚙️ <b>Settings of this chat</b>
settings-subscribed = 🔔 Subscribed since { $date }: new headlines arrive { $interval }.
settings-not-subscribed = 🔕 Not subscribed to headlines.
settings-language = 🌐 Language: { $language_name } (change it with /language)

channels-title = 📡 <b>Channels and groups</b> ({ $count })
channels-empty = No channel or group gets headlines yet. Make the bot an administrator of a channel, or send <code>/addchannel @channel</code>.
channels-entry-active = ✅ <b>{ $title }</b> ({ $kind }) · { $chat }
channels-entry-inactive = ⛔ <b>{ $title }</b> ({ $kind }) · { $chat } · inactive: { $reason }
channels-more = …and { $count } more.
chat-kind-channel = channel
chat-kind-group = group
chat-reference-invalid = “{ $value }” is not a chat. Give a public @username (<code>@channel</code>) or a numeric chat id (<code>-1001234567890</code>).
chat-private-not-target = { $chat } is a private chat; only channels and groups are managed here.
addchannel-usage = Which chat? Send <code>/addchannel @channel</code> or <code>/addchannel -1001234567890</code>. The bot must be an administrator of the channel, or a member of the group.
addchannel-not-found = Telegram does not know the chat { $chat }, or the bot cannot see it. For a public chat check the @username; for a private one add the bot first and give the numeric id.
addchannel-not-admin = The bot is not an administrator of the channel <b>{ $title }</b>. Make it an administrator with the right to post messages, then try again.
addchannel-cannot-post = The bot is an administrator of <b>{ $title }</b> but may not post messages. Give it the “Post messages” right, then try again.
addchannel-not-member = The bot is not a member of the group <b>{ $title }</b>. Add it to the group, then try again.
addchannel-group-cannot-post = The bot may not send messages in the group <b>{ $title }</b>. Allow it to, then try again.
addchannel-done = ✅ <b>{ $title }</b> ({ $chat }) now gets new headlines { $interval }.
addchannel-already = <b>{ $title }</b> ({ $chat }) already gets new headlines.
removechannel-usage = Which chat? Send <code>/removechannel @channel</code> or <code>/removechannel -1001234567890</code>; /channels lists them.
removechannel-done = 🔕 <b>{ $title }</b> ({ $chat }) gets no more headlines.
removechannel-not-subscribed = { $chat } does not get headlines, so there is nothing to remove. /channels lists the chats that do.

stats-title = 📊 <b>Delivery</b>
stats-subscribers = <b>Subscribers</b>
stats-private = 👤 Private chats: { $active } active, { $inactive } inactive
stats-groups = 👥 Groups: { $active } active, { $inactive } inactive
stats-channels = 📢 Channels: { $active } active, { $inactive } inactive
stats-rounds = <b>Last rounds</b>
stats-no-rounds = No delivery rounds yet.
stats-round = { $when } — ✅ { $delivered } delivered, ❌ { $failed } failed, ⏳ { $due } still due · { $duration }
stats-stalled = ⛔ <b>Delivery stalled since { $when }</b>: <code>{ $error }</code>
stats-task-restarted = ⚠️ Delivery { $task } restarted { $restarts } times, last at { $when }: <code>{ $error }</code>
stats-running = running
duration-seconds = { $seconds } s
duration-minutes = { $minutes } min { $seconds } s

## Headline alerts (sent on schedule to subscribed chats)

alert-title = 📰 <b>Fresh news</b>
alert-more = …and { $count } more — /latest
alert-more-channel = …and { $count } more in the bot

## Everywhere

button-stale = This button is no longer valid.
unknown-command = I don’t know that command. See /help.
error-generic = Sorry, something went wrong on our side. Please try again later.

## Command menu (plain text, shown by Telegram)

command-start = Welcome and introduction
command-latest = The newest headlines
command-read = Read an article by its number
command-subscribe = Get new headlines here automatically
command-unsubscribe = Stop the headline alerts
command-settings = This chat’s subscription and language
command-language = Choose English or Georgian
command-help = All commands
command-post = Write and publish an article
command-done = Preview the draft
command-publish = Publish the draft
command-cancel = Discard the draft
command-channels = Channels and groups that get headlines
command-addchannel = Send headlines to a channel or group
command-removechannel = Stop headlines to a channel or group
command-stats = Subscribers and delivery rounds

## Reports to the operator's chat (ERROR_CHAT_ID)

operator-error =
    ⚠️ <b>newsbot: an error</b>
    <pre>{ $details }</pre>
operator-error-summary =
    ⚠️ <b>newsbot: { $count } more errors since { $since }</b>; the last one:
    <pre>{ $last }</pre>

## Issue 9 item 4: buttons under the bot's channel posts only lead to the bot (pop-up, plain text)

channel-button-opens-bot = In a channel, buttons only lead to the bot: open { $bot } to read articles and change settings.

## Issue 9 item 6: a reader over their budget of replies (once per exhaustion; also a pop-up)

throttle-slow-down = ⏳ Please slow down: you are sending requests faster than I can answer. I will answer again in a little while.

## Issue 9 item 9: a body whose markup (mostly links) is too large

post-body-markup-too-long = The text carries too much formatting and links: { $length } characters of markup; the limit is { $max }. Remove some links or formatting and send it again.

## Issue 9 item 13: who added each channel or group; CHANNELS_NEED_APPROVAL (editors approve)

channels-entry-pending = ⏳ <b>{ $title }</b> ({ $kind }) · { $chat } · waiting for approval
channels-added-by = added by <a href="tg://user?id={ $user_id }">{ $user }</a>
review-request = 🆕 <a href="tg://user?id={ $user_id }">{ $user }</a> added the { $kind } <b>{ $title }</b> ({ $chat }). It gets no headlines until an editor approves it.
review-approved = ✅ Approved: <b>{ $title }</b> ({ $kind }, { $chat }) gets new headlines from now on.
review-rejected = ⛔ Rejected: <b>{ $title }</b> ({ $kind }, { $chat }) gets no headlines.
review-not-pending = This chat no longer waits for approval: see /channels.
button-review-ok = ✅ Approve
button-review-no = ⛔ Reject
subscribe-pending = ⏳ Thank you! The news desk’s editors approve new groups first: headlines start once one of them does.
settings-pending = ⏳ Waiting for an editor’s approval: headlines start once approved.

## Issue 9 item 1: an uploaded file that is too long or too complex to read

post-file-too-long = That file’s text is longer than the limit of { $max } characters. It was not added; send a shorter file or split it.
post-file-too-complex = I could not read that file: it has too much markup to read in time. It was not added; send it as plain text or simplify it.

## Issue 10: lead photos (a photo in a draft, the preview's Remove photo, a photo sent unasked)

post-photo-attached = 🖼 Photo attached. Another photo replaces it; /done to preview.
post-photo-replaced = 🖼 Photo replaced. /done to preview.
post-photo-removed = Photo removed.
post-photo-none = This draft has no photo.
post-photo-usage = 🖼 To publish an article with this photo, send it again with the caption <code>/post Headline</code> and the text on the next lines. Or start with /post and send the photo while you write.
post-photo-invalid = I could not use that image as a photo: send a JPEG, PNG or WebP image of at most 10 MB, whose width and height add up to at most 10,000 pixels.
post-photo-too-large = That image is too large ({ $size } KB); a photo may have at most { $max } KB.
button-remove-photo = 🗑 Remove photo

## Issue 10: corrections (/edit, /history, an edited /post message) and retractions (/retract, /restore)

command-edit = Correct a published article
command-history = An article’s corrections
command-retract = Withdraw an article
command-restore = Publish a withdrawn article again
help-edit = correct an article step by step, or at once with the new headline (and text) on the next lines
help-history = when an article was corrected, by whom, and what changed
help-retract = withdraw an article everywhere (asks first)
help-restore = publish a withdrawn article again (alerts are not sent again)
argument-edit = <i>id</i>
argument-history = <i>id</i>
argument-retract = <i>id</i>
argument-restore = <i>id</i>
article-updated = ✏️ Updated { $when }
article-withdrawn = 🚫 Article { $id } was withdrawn by the news desk on { $date }.
article-bad-id = “{ $value }” is not an article number.
article-not-found = There is no article number { $id }.
edit-usage = Which article? Send <code>/edit 12</code> to correct it step by step, or put the new headline on the next line (and the new text on the lines after) to correct it at once.
edit-withdrawn = Article { $id } is withdrawn; send <code>/restore { $id }</code> first if it should be published again.
edit-draft-open = You are still writing a draft or a correction: /done to preview it, or /cancel it first.
edit-intro = ✏️ <b>Correcting article { $id }.</b> This is what readers see now:
edit-choose = What do you want to replace? Press a button and send the replacement; /done to preview, /cancel to stop.
edit-ask-headline = Send the new <b>headline</b> (one line, up to { $max } characters).
edit-ask-body = Send the new <b>text</b>: it replaces the whole text, and several messages become paragraphs. Then /done.
edit-ask-photo = Send the new photo.
edit-headline-taken = Headline replaced. Press another button, or /done to preview.
edit-photo-taken = 🖼 Photo replaced. Press another button, or /done to preview.
edit-photo-removed = Photo removed. Press another button, or /done to preview.
edit-press-button = Press <b>Headline</b>, <b>Text</b> or <b>Photo</b> first, to say what this replaces.
edit-unchanged = Nothing to correct: article { $id } already reads like that.
edit-preview-intro = 👀 <b>Preview of the correction</b> — this is exactly what readers will see:
edit-preview-actions = Publish this correction? It will update { $messages } messages in { $chats } chats.
edit-published = ✅ Article { $id } corrected: /read_{ $id }. { $messages } messages already sent are being updated.
edit-cancelled = Correction discarded; the article is unchanged.
edit-gone = This correction is no longer open. Start again with <code>/edit 12</code>.
button-edit-headline = Headline
button-edit-body = Text
button-edit-photo = Photo
button-publish-correction = ✅ Publish correction
history-usage = Which article? Send <code>/history 12</code>.
history-title = 🕓 <b>History of article { $id }</b>
history-entry = { $number }. { $when } · <a href="tg://user?id={ $user_id }">{ $user }</a> · { $changes }
history-withdrawn = 🚫 Withdrawn { $when } · <a href="tg://user?id={ $user_id }">{ $user }</a>
history-restored = ↩️ Restored { $when } · <a href="tg://user?id={ $user_id }">{ $user }</a>
change-original = original
change-headline = headline
change-body = text
change-photo = photo
retract-usage = Which article? Send <code>/retract 12</code>.
retract-confirm = Withdraw article { $id }, “<b>{ $headline }</b>”? It disappears from /latest, “Read also” and alerts not yet sent; copies already sent are deleted, or replaced by a notice where Telegram no longer allows deleting them.
button-retract-yes = 🚫 Withdraw
button-retract-no = Keep it
retract-done = 🚫 Article { $id } withdrawn; { $messages } messages already sent are being removed. Undo with <code>/restore { $id }</code>.
retract-kept = Article { $id } stays published.
retract-already = Article { $id } is already withdrawn; <code>/restore { $id }</code> publishes it again.
restore-usage = Which article? Send <code>/restore 12</code>.
restore-done = ✅ Article { $id } is published again: /read_{ $id }. Alerts are not sent again.
restore-not-withdrawn = Article { $id } is not withdrawn.

## Copies already sent, brought up to date by a correction (issue 10, tracking and edit work)
correction-continued = <i>Continued: /read_{ $id }</i>
correction-part-removed = <i>(This part was removed in a correction.)</i>

## Issue 11: scheduled publication (/schedule, the preview's Schedule button, /scheduled, /unschedule)

command-schedule = Publish the draft, or an article, at a set time
command-scheduled = Articles waiting for their time
command-unschedule = Cancel a scheduled article
help-schedule =
    publish the draft at a time in the desk’s time zone: <code>09:00</code> (the next 09:00), <code>29.11 09:00</code> or <code>29.11.2026 09:00</code>
    <code>/schedule 09:00</code>, the headline on the next line and the text after it — schedule in one message
help-scheduled = the articles waiting for their time: publish now, reschedule or cancel
help-unschedule = cancel a scheduled article (<code>/unschedule S3</code>)
argument-schedule = <i>time [breaking]</i>
argument-unschedule = <i>S-number</i>
schedule-ask-time = ⏰ When should it be published? Send the time in { $zone }: <code>09:00</code> (the next 09:00), <code>29.11 09:00</code> or <code>29.11.2026 09:00</code>. Add <code>breaking</code> after the time to publish it as breaking news then. /done shows the preview again; /cancel discards the draft.
schedule-unparseable = “{ $value }” is not a time I understand. Send <code>09:00</code> (the next 09:00), <code>29.11 09:00</code> (the next 29 November) or <code>29.11.2026 09:00</code>, in { $zone } time.
schedule-no-such-date = { $value } is not a date in the calendar. Send another time.
schedule-no-such-time = { $value } does not exist in { $zone }: the clocks are put forward over it. Send another time.
schedule-in-past = { $when } ({ $zone }) has already passed. Send a time ahead.
schedule-too-far = { $when } is more than a year ahead; articles can be scheduled up to a year in advance.
schedule-done = ⏰ Scheduled as <b>{ $scheduled }</b> for { $when } ({ $zone }): <b>{ $headline }</b>. Readers see nothing of it until then. /scheduled lists what is waiting; <code>/unschedule { $scheduled }</code> cancels it.
schedule-usage = When, and what? <code>/schedule 09:00</code> schedules the draft you are writing. To schedule in one message, put the headline on the next line and the text after it: <code>/schedule 29.11 09:00</code>. <code>breaking</code> after the time publishes it as breaking news then. Times are in { $zone }.
schedule-correction = A correction is applied when it is published; it cannot be scheduled. /publish it, or /cancel.
schedule-published = ✅ Scheduled article { $scheduled } is published as article { $id }: /read_{ $id }
schedule-cancelled = ✖️ { $scheduled } cancelled: <b>{ $headline }</b> will not be published.
schedule-not-found = There is no scheduled article { $scheduled }. /scheduled lists them.
schedule-bad-id = “{ $value }” is not a scheduled article: their numbers look like <code>S3</code>. /scheduled lists them.
schedule-is-published = { $scheduled } is already published, as article { $id }.
schedule-is-cancelled = { $scheduled } was cancelled.
unschedule-usage = Which one? Send <code>/unschedule S3</code>; /scheduled lists the scheduled articles.
scheduled-title = ⏰ <b>Scheduled articles</b>: { $count }, at times in { $zone }
scheduled-empty = Nothing is scheduled. Schedule a draft with the ⏰ Schedule button under its preview, or with <code>/schedule 09:00</code>.
scheduled-entry =
    ⏰ <b>{ $scheduled }</b> · { $when }
    { $headline }
scheduled-more = …and { $count } more after these.
button-publish-now = ▶️ Publish now
button-reschedule = 🕓 Reschedule
reschedule-ask = 🕓 Send the new time for { $scheduled } (now { $when }, { $zone }): <code>09:00</code>, <code>29.11 09:00</code> or <code>29.11.2026 09:00</code>. /cancel keeps its time.
reschedule-done = 🕓 { $scheduled } will be published { $when } ({ $zone }).
reschedule-kept = { $scheduled } keeps its time: { $when }.
reschedule-expects-time = Send the new time for { $scheduled }, or /cancel to keep its time.

## Issue 11: breaking news (/breaking, the preview's Publish as breaking, breaking alerts)
command-breaking = Publish as breaking news
help-breaking = publish the draft as breaking news: sent to every subscriber at once, with sound (<code>/breaking Headline</code> and the text on the next lines: in one message)
post-breaking-started = 🔴 Breaking news: it is going out to every subscriber now, with sound.
post-breaking-usage = 🔴 <code>/breaking</code> publishes the draft you are writing as breaking news. To publish in one message, send <code>/breaking Headline</code> and the text on the next lines (also as a photo’s caption).
alert-breaking-title = 🔴 <b>Breaking news</b>

## Issue 11: forum topics (each topic of a forum supergroup subscribes on its own)
# How editors' lists and approval requests name a forum's topic: the group's title, then the
# topic's name (or its number, when Telegram never showed the name).
chat-topic = { $title } › { $topic }
chat-topic-unnamed = topic { $id }

## Issue 11: sections (/sections for readers and editors, the preview's section buttons, #section, /latest <section>)
command-sections = Sections
help-sections = the sections, each with a button for its newest headlines (editors: add, rename, reorder, remove)
article-meta-section = { $section } · { $date } · 👁 { $views }
latest-title-section = 📰 <b>{ $section }</b>: latest news
latest-empty-section = Nothing has been published in { $section } yet.
sections-title = 🗂 <b>Sections</b>: { $count }. Pick one for its newest headlines, or send <code>/latest</code> and a section’s name.
sections-none = There are no sections yet: /latest shows every headline.
section-gone = This section no longer exists. See /sections.
section-unknown-latest = There is no section “{ $value }”. Sections: { $sections }. Or give a number of headlines from 1 to { $max }, e.g. <code>/latest 10</code>.
sections-title-editor = 🗂 <b>Sections</b> ({ $count }), in the order readers and the preview show them. Press a name to rename it; ⬆️ ⬇️ move it; 🗑 removes it (its articles keep it).
sections-none-editor = 🗂 No sections yet. Add the first: every article then gets a section, chosen under its preview (the first one unless you choose another) or with <code>/post Headline #section</code>.
sections-entry = { $number }. { $names }
button-section-add = ➕ Add section
button-section-up = ⬆️
button-section-down = ⬇️
button-section-remove = 🗑
button-section-confirm = 🗑 Remove
button-section-keep = Keep it
section-ask-names = ➕ New section: send its name in English and in Georgian, separated by <code>|</code>, e.g. <code>World | მსოფლიო</code> (up to { $max } characters each). /cancel to stop.
section-ask-rename = ✏️ Renaming <b>{ $names }</b>: send the new names in English and in Georgian, separated by <code>|</code>, e.g. <code>World | მსოფლიო</code> (up to { $max } characters each). /cancel to stop.
section-names-format = Send both names separated by <code>|</code>, English first: <code>World | მსოფლიო</code> (up to { $max } characters each); or /cancel.
section-name-empty = One of the names is empty. Send both names separated by <code>|</code>, or /cancel.
section-name-too-long = “{ $value }” has { $length } characters; a section’s name may have { $max }. Send the names again, or /cancel.
section-name-no-letter = “{ $value }” has no letter, and a section’s name needs one. Send the names again, or /cancel.
section-name-taken = Another section is already called “{ $value }” (in English or in Georgian). Send other names, or /cancel.
section-too-many = There are { $max } sections already, the most there can be. Remove one first.
section-added = ✅ Section added: <b>{ $names }</b>.
section-renamed = ✅ Section renamed: <b>{ $names }</b>.
section-names-cancelled = Nothing changed in the sections.
section-cannot-move = It cannot move further that way.
section-remove-confirm = Remove the section <b>{ $names }</b>? It disappears from the lists and from the preview; the articles in it keep it.
section-unknown-tag = There is no section “{ $value }”; nothing was published or scheduled. Sections: { $sections }. Put one after the headline (<code>/post Headline #World</code>), or leave it out for the first one.
section-unknown-none = There is no section “{ $value }”: no sections are defined (see /sections). Nothing was published or scheduled.

# Issue 11: the sections a chat (or forum topic) follows, toggled under /settings
settings-sections-all = 📚 Sections: all, new ones included. Tap one to stop following it.
settings-sections-chosen = 📚 Sections: { $sections }. Tap a section to follow it or stop following it; headlines of the others do not arrive here.
settings-sections-none = 📚 Sections: none. No headlines arrive here until you follow one.
button-all-sections = All sections
channel-sections-title = ⚙️ <b>{ $title }</b> ({ $chat }): the sections it gets headlines of, and when
channel-sections-none-defined = There are no sections yet: it gets every headline (see /sections).
channel-sections-not-subscribed = { $chat } does not get headlines, so it follows no sections. /channels lists the chats that do.

# Issue 11: how a chat (or forum topic) is notified, chosen under /settings
settings-notifications-sound = 🔔 Notifications: with sound.
settings-notifications-silent_digests = 🔕 Notifications: digests silent, breaking news with sound.
settings-notifications-silent = 🔇 Notifications: silent, breaking news too.
button-notifications-sound = With sound
button-notifications-silent_digests = Silent digests
button-notifications-silent = Silent

# Each chat's rhythm (issue 11): frequency and quiet hours under /settings and /channels <channel>
settings-every-round = ⏱ Frequency: every round, as soon as there is news.
settings-daily = 📅 Frequency: one daily digest at { $time } ({ $zone }) with everything since the last one.
settings-quiet-off = 🌙 Quiet hours: none.
settings-quiet-on = 🌙 Quiet hours: { $hours } ({ $zone }). Headlines wait until they end and then come as one digest; breaking news arrives silently.
button-every-round = Every round
button-daily-menu = 📅 Daily digest…
button-daily-at = 📅 Daily at { $time }
button-quiet-off = No quiet hours
button-quiet-menu = 🌙 Quiet hours…
button-quiet-on = 🌙 Quiet { $hours }
settings-subscribed-daily = 🔔 Subscribed since { $date }.

# Feeds (issue 12): /feeds, /addfeed, /removefeed, /pausefeed and review mode's previews
feeds-empty = No feeds yet. Add one with <code>/addfeed https://site/feed.xml #Section review</code> (section and review are optional).
feeds-header = 📡 <b>Feeds</b> ({ $count }):
feed-line = <b>{ $id }</b>. { $url }
    { $section } · { $mode }
feed-mode-publish = publishes new entries
feed-mode-review = new entries wait for review
feed-section-default = first section
feed-paused = ⏸ Paused (/pausefeed to resume).
feed-never-polled = Not polled yet.
feed-last-success = Last success: { $when }
feed-last-error = Last error ({ $when }): { $error }
feed-failing = ⚠️ Failing { $count } times in a row; next try { $when }.
button-feed-pause = ⏸ Pause { $id }
button-feed-resume = ▶️ Resume { $id }
button-feed-remove = 🗑 Remove { $id }
addfeed-usage = Send <code>/addfeed https://site/feed.xml</code>, optionally with <code>#Section</code> and <code>review</code> (each new entry then waits for an editor).
addfeed-bad-url = “{ $value }” is not an http:// or https:// address.
addfeed-exists = That feed is polled already (see /feeds).
addfeed-done = Feed <b>{ $id }</b> added: { $url } ({ $mode }). Only entries published from now on are announced; the first poll puts the newest few into the archive quietly.
feed-unknown-section = There is no section “{ $value }”. Sections: { $sections }.
feed-id-usage = Send the feed's number, e.g. <code>{ $value } 3</code> (see /feeds).
feed-not-found = There is no feed { $id } (see /feeds).
removefeed-done = Feed { $id } removed. Its articles stay.
pausefeed-done = Feed { $id } paused: it is not polled until you send /pausefeed { $id } again.
resumefeed-done = Feed { $id } resumed: it is polled again from now on.
feed-review = 📡 New entry of feed <b>{ $id }</b> ({ $url }), waiting for review:
    
    <b>{ $headline }</b>
feed-review-link = 🔗 { $url }
button-feed-publish = ✅ Publish
button-feed-edit = ✏️ Edit
button-feed-skip = ✖️ Skip
feed-review-published = ✅ Published as article { $id }.
feed-review-skipped = ✖️ Skipped: it will not be published.
feed-review-edit = ✏️ The entry is now your draft: send more text or a photo, then /done to preview and publish it.
feed-review-decided = An editor has decided on this entry already.
feed-review-gone = This entry is no longer there.
button-open-on-site = 🌐 Open on site
command-feeds = The site's feeds the bot polls
command-addfeed = Poll a feed: /addfeed url [#section] [review]
command-removefeed = Stop polling a feed
command-pausefeed = Pause or resume a feed
help-feeds = the site's feeds, with their state
help-addfeed = poll a feed (RSS, Atom); <code>review</code>: editors decide each entry
help-removefeed = stop polling a feed (its articles stay)
help-pausefeed = pause a feed, or resume a paused one
argument-addfeed = <i>url [#section] [review]</i>
argument-removefeed = <i>id</i>
argument-pausefeed = <i>id</i>
# issue 11, editor side: a correction moves an article to another section
button-edit-section = Section
edit-ask-section = Which <b>section</b> should the article be in? Then /done to preview.
change-section = section
# issue 11, editor side: scheduled breaking news (/schedule <when> breaking)
schedule-done-breaking = 🔴 Scheduled as <b>{ $scheduled }</b> for { $when } ({ $zone }), as <b>breaking news</b>: <b>{ $headline }</b>. At that time it goes out to every subscriber at once, with sound; readers see nothing of it until then. /scheduled lists what is waiting; <code>/unschedule { $scheduled }</code> cancels it.
scheduled-entry-breaking =
    ⏰ <b>{ $scheduled }</b> · { $when } · 🔴 breaking
    { $headline }
# issue 11, editor side: a rescheduling left waiting past DRAFT_TIMEOUT
reschedule-timed-out = ⌛ { $scheduled } keeps its time, { $when }: no new time came within { $minutes } minutes. Press 🕓 Reschedule under /scheduled to move it.

# issue 13: most read (/top) and editors' insight (/stats chart, /stats <id>, reactions)
command-top = Most read this week
help-top = the most-read articles of the last 7 days
top-title = 🔥 <b>Most read in the last { $days } days</b>
top-entry = { $date } · 👁 +{ $gained } in { $days } days
top-empty = Nothing has been read in the last { $days } days yet. See /latest for the newest headlines.
stats-trends-title = <b>Last { $days } days</b>
stats-trends-total = 👁 { $views } views: 📖 { $reads } articles read, 🔔 { $alerts } in headline alerts, 🔗 { $inline } shared inline
stats-trends-day = { $date } — 👁 { $views } (📖 { $reads } · 🔔 { $alerts } · 🔗 { $inline }) · 👤 { $private } 👥 { $groups } 📢 { $channels }
stats-trends-note = <i>Subscribers (👤 private chats, 👥 groups, 📢 channels) at the end of each day, rebuilt from when each chat last subscribed and stopped.</i>
stats-chart-caption = 📈 Views per day and subscribers, last { $days } days (the numbers are in the message above)
stats-top-buttons = Most read this week, for <code>/stats id</code>:
stats-article-button = 📊 { $headline }
stats-article-title = 📊 <b>{ $headline }</b> · /read_{ $id }
stats-article-retracted = ⛔ Withdrawn: readers no longer see it.
stats-article-views = 👁 { $views } views: 🔔 { $alerts } in alerts, 📖 { $reads } read in the bot, 🔗 { $inline } shared inline
stats-article-chats = 💬 Reached { $chats } chats
stats-article-copies = ✏️ { $copies } sent copies updated after corrections or a withdrawal
stats-article-reactions = ❤️ Reactions in channels: { $reactions }
stats-article-no-reactions = ❤️ No reactions reported yet (Telegram reports them only from channels where the bot is an administrator).
stats-bad-id = “{ $value }” is not an article number. Send <code>/stats</code>, or <code>/stats 12</code> for one article.

# issue 13: search (/search, a private chat's plain text, the results' page buttons)
command-search = Search the articles
help-search = search headlines and texts (<code>/search peace deal</code>; a phrase in quotes: <code>/search "peace deal"</code>); in this chat, just send the words
argument-search = <i>words</i>
search-usage = What should I look for? Send the words, or <code>/search</code> and the words, e.g. <code>/search Tbilisi metro</code>; put an exact phrase in quotes: <code>"peace deal"</code>.
search-empty = What should I look for? Send the words, e.g. <code>/search Tbilisi metro</code>.
search-too-short = Those words are too short to search for: give words of at least two letters or digits.
search-no-words = There is no word to look for in that, only symbols. Send words, e.g. <code>/search Tbilisi</code>.
search-title = 🔎 <b>{ $query }</b>: { $count } found · page { $page } of { $pages }
search-nothing = 🔎 Nothing found for <b>{ $query }</b>. Try other words, or /latest for the newest headlines.
search-expired = This search is too old: send the words again.
search-no-more = There are no more results.
button-search-newer = ‹ Newer
button-search-older = Older ›

# issue 13: inline sharing (`@bot words` in any chat; the button under a shared result)
inline-read-button = 📖 Read in the bot

# issue 13 leftovers: /help tells readers about inline sharing (`@bot words` in any chat)
help-inline = 🔗 To share an article in any chat, type <code>{ $bot } words</code> there and pick one of the matching headlines (no words: the newest).
