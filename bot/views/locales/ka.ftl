# newsbot — ქართული. Values are HTML for Telegram's HTML parse mode: only Telegram's tags,
# and `&`, `<`, `>` written as entities. Arguments are escaped by the translator.

## Readers

start-greeting =
    👋 გამარჯობა, { $name }!
    გიგზავნით უახლეს ამბებს: { $desk }.
help-title = <b>ბრძანებები</b>
help-editor-title = <b>რედაქტორებისთვის</b>
help-start = მისალმება და გაცნობა
help-latest = უახლესი სათაურები (შეგიძლიათ მიუთითოთ რაოდენობა, მაქსიმუმ { $max }: <code>/latest 10</code>; ან რუბრიკა: <code>/latest მსოფლიო</code>)
help-read = სტატიის წაკითხვა (<code>/read 12</code> ან /read_12)
help-subscribe = ახალი სათაურების ავტომატურად მიღება
help-unsubscribe = გამოწერის გაუქმება
help-settings = ამ ჩატის გამოწერა და ენა
help-language = ენის არჩევა
help-help = ეს სია
help-post =
    ახალი სტატიის დაწერა ეტაპობრივად
    <code>/post სათაური</code> და ტექსტი შემდეგ ხაზებზე — გამოქვეყნება ერთი შეტყობინებით (<code>/post სათაური #რუბრიკა</code>: ამ რუბრიკაში)
help-done = ტექსტის დასრულება და წინასწარი ნახვა
help-publish = მონახაზის გამოქვეყნება
help-cancel = მონახაზის გაუქმება
help-channels = არხები და ჯგუფები, რომლებიც სათაურებს იღებენ
help-addchannel = სათაურების გაგზავნა არხში ან ჯგუფში
help-removechannel = იქ გაგზავნის შეწყვეტა
help-stats = გამომწერები, ბოლო დაგზავნები და ბოლო 30 დღის დიაგრამა (<code>/stats 12</code>: ერთი სტატია)
argument-read = <i>ნომერი</i>
argument-addchannel = <i>@არხი ან id</i>
argument-removechannel = <i>@არხი ან id</i>

latest-title = 📰 <b>უახლესი ამბები</b>
latest-empty = ჯერ არცერთი სტატია არ გამოქვეყნებულა.
latest-no-more = უფრო ძველი სტატიები არ არის.
latest-bad-count = მიუთითეთ სათაურების რაოდენობა 1-დან { $max }-მდე, მაგალითად: <code>/latest 10</code>.
latest-clamped = ერთდროულად ნაჩვენებია მაქსიმუმ { $max } სათაური.
button-older = ძველი ›
button-newest = « უახლესი

article-meta = { $date } · 👁 { $views }
read-also = ასევე წაიკითხეთ:
read-usage = რომელი სტატია? გამოგზავნეთ <code>/read 12</code> ან აირჩიეთ /latest-იდან.
read-bad-id = „{ $value }“ სტატიის ნომერი არ არის. გამოგზავნეთ <code>/read 12</code> ან აირჩიეთ /latest-იდან.
read-not-found = სტატია ნომრით { $id } არ არსებობს. გამოქვეყნებული სტატიები იხილეთ /latest-ში.

language-choose = აირჩიეთ ამ ჩატის ენა:
language-set = ენა დაყენებულია: ქართული.
language-not-allowed = ჯგუფის ენის შეცვლა მხოლოდ ადმინისტრატორებს შეუძლიათ.
language-name-en = English
language-name-ka = ქართული

## Editors

editor-only = ბოდიში, ამის გაკეთება მხოლოდ რედაქციის რედაქტორებს შეუძლიათ.
post-ask-headline = ✍️ ახალი სტატია. გამოგზავნეთ <b>სათაური</b> (ერთი ხაზი, მაქსიმუმ { $max } სიმბოლო) ან /cancel.
post-ask-body =
    სათაური შენახულია: <b>{ $headline }</b>
    ახლა გამოგზავნეთ <b>ტექსტი</b>. შეიძლება რამდენიმე შეტყობინებად ან .txt, .md ან .html ფაილად. როცა დაასრულებთ, გამოგზავნეთ /done, ან /cancel.
post-body-added = დამატებულია. ტექსტში ახლა { $length } სიმბოლოა. გამოგზავნეთ გაგრძელება, /done წინასწარი ნახვისთვის, ან /cancel.
post-preview-intro = 👀 <b>წინასწარი ნახვა</b> — ასე დაინახავენ მკითხველები:
post-preview-actions = გამოვაქვეყნოთ ეს სტატია?
button-publish = ✅ გამოქვეყნება
button-cancel = ✖️ გაუქმება
button-publish-breaking = 🔴 გამოქვეყნება: ცხელი ამბავი
button-schedule = ⏰ დაგეგმვა
post-published = ✅ გამოქვეყნდა სტატია { $id }: /read_{ $id }
post-already-published = ✅ ეს უკვე გამოქვეყნებულია სტატიად ნომრით { $id }: /read_{ $id }
post-cancelled = მონახაზი გაუქმებულია.
post-timed-out = ⌛ თქვენი მონახაზი გაუქმდა { $minutes } წუთის უმოქმედობის შემდეგ.
post-nothing-to-cancel = გასაუქმებელი მონახაზი არ არის.
post-draft-gone = ეს მონახაზი აღარ არის ღია. დაიწყეთ თავიდან: /post.
post-headline-empty = სათაური ცარიელია. გამოგზავნეთ ერთი ხაზი ტექსტი ან /cancel.
post-headline-too-long = სათაურში { $length } სიმბოლოა; ზღვარია { $max }. გთხოვთ, შეამოკლოთ.
post-headline-multiline = სათაური ერთ ხაზზე უნდა იყოს. გამოგზავნეთ ხელახლა ხაზის გადატანის გარეშე.
post-body-empty = სტატიას ჯერ ტექსტი არ აქვს. გამოგზავნეთ ტექსტი ან /cancel.
post-body-too-long = ტექსტში იქნებოდა { $length } სიმბოლო; ზღვარია { $max }. ბოლო ნაწილი არ დაემატა.
post-expects-text = გამოგზავნეთ ტექსტი ან .txt, .md ან .html ფაილი.
post-file-unsupported = შემიძლია წავიკითხო მხოლოდ .txt, .md და .html ფაილები.
post-file-too-large = ფაილი ძალიან დიდია ({ $size } KB); ზღვარია { $max } KB.
post-file-not-utf8 = ფაილის UTF-8 ტექსტად წაკითხვა ვერ მოხერხდა.
edit-ignored = ✏️ რედაქტირება არ იქნა გათვალისწინებული: რედაქტირებულ შეტყობინებებზე არ ვრეაგირებ, ამიტომ სტატია ან მონახაზი არ შეცვლილა. გამოგზავნეთ სასურველი ტექსტი ახალ შეტყობინებად.

## Subscriptions

interval-minutes =
    { $minutes ->
        [one] ყოველ წუთში
       *[other] ყოველ { $minutes } წუთში
    }
interval-seconds =
    { $seconds ->
        [one] ყოველ წამში
       *[other] ყოველ { $seconds } წამში
    }
subscribe-done = 🔔 გამოწერილია! ამიერიდან ეს ჩატი ახალ სათაურებს მიიღებს { $interval }.
subscribe-already = 🔔 ეს ჩატი უკვე გამოწერილია: ახალი სათაურები მოდის { $interval }. შესაწყვეტად გამოგზავნეთ /unsubscribe.
unsubscribe-done = 🔕 გამოწერა გაუქმებულია. ეს ჩატი აღარ მიიღებს სათაურებს; /subscribe მათ დააბრუნებს.
unsubscribe-not-subscribed = ეს ჩატი გამოწერილი არ არის, ასე რომ შესაწყვეტი არაფერია. გამოგზავნეთ /subscribe და ახალ სათაურებს მიიღებთ { $interval }.
subscription-admins-only = ჯგუფის გამოწერის ჩართვა ან გაუქმება მხოლოდ ადმინისტრატორებს შეუძლიათ. სთხოვეთ ერთ-ერთ მათგანს, გამოგზავნოს /subscribe.
button-subscribe = 🔔 გამოწერა
button-unsubscribe = 🔕 გამოწერის გაუქმება
settings-title = ⚙️ <b>ამ ჩატის პარამეტრები</b>
settings-subscribed = 🔔 გამოწერილია { $date }-დან: ახალი სათაურები მოდის { $interval }.
settings-not-subscribed = 🔕 სათაურები გამოწერილი არ არის.
settings-language = 🌐 ენა: { $language_name } (შესაცვლელად: /language)

channels-title = 📡 <b>არხები და ჯგუფები</b> ({ $count })
channels-empty = სათაურებს ჯერ არცერთი არხი ან ჯგუფი არ იღებს. დანიშნეთ ბოტი არხის ადმინისტრატორად ან გამოგზავნეთ <code>/addchannel @channel</code>.
channels-entry-active = ✅ <b>{ $title }</b> ({ $kind }) · { $chat }
channels-entry-inactive = ⛔ <b>{ $title }</b> ({ $kind }) · { $chat } · გამორთულია: { $reason }
channels-more = …და კიდევ { $count }.
chat-kind-channel = არხი
chat-kind-group = ჯგუფი
chat-reference-invalid = „{ $value }“ ჩატი არ არის. მიუთითეთ საჯარო @username (<code>@channel</code>) ან ჩატის რიცხვითი id (<code>-1001234567890</code>).
chat-private-not-target = { $chat } პირადი ჩატია; აქ მხოლოდ არხები და ჯგუფები იმართება.
addchannel-usage = რომელი ჩატი? გამოგზავნეთ <code>/addchannel @channel</code> ან <code>/addchannel -1001234567890</code>. ბოტი უნდა იყოს არხის ადმინისტრატორი ან ჯგუფის წევრი.
addchannel-not-found = Telegram-ში ჩატი { $chat } ვერ მოიძებნა, ან ბოტი მას ვერ ხედავს. საჯარო ჩატისთვის შეამოწმეთ @username; დახურულისთვის ჯერ დაამატეთ ბოტი და მიუთითეთ რიცხვითი id.
addchannel-not-admin = ბოტი არ არის არხის <b>{ $title }</b> ადმინისტრატორი. დანიშნეთ ის ადმინისტრატორად შეტყობინებების გამოქვეყნების უფლებით და სცადეთ ხელახლა.
addchannel-cannot-post = ბოტი არხის <b>{ $title }</b> ადმინისტრატორია, მაგრამ შეტყობინებების გამოქვეყნება არ შეუძლია. მიეცით მას უფლება „შეტყობინებების გამოქვეყნება“ და სცადეთ ხელახლა.
addchannel-not-member = ბოტი არ არის ჯგუფის <b>{ $title }</b> წევრი. დაამატეთ ის ჯგუფში და სცადეთ ხელახლა.
addchannel-group-cannot-post = ბოტს არ შეუძლია შეტყობინებების გაგზავნა ჯგუფში <b>{ $title }</b>. მიეცით ამის უფლება და სცადეთ ხელახლა.
addchannel-done = ✅ <b>{ $title }</b> ({ $chat }) ახლა მიიღებს ახალ სათაურებს { $interval }.
addchannel-already = <b>{ $title }</b> ({ $chat }) უკვე იღებს ახალ სათაურებს.
removechannel-usage = რომელი ჩატი? გამოგზავნეთ <code>/removechannel @channel</code> ან <code>/removechannel -1001234567890</code>; სია: /channels.
removechannel-done = 🔕 <b>{ $title }</b> ({ $chat }) აღარ მიიღებს სათაურებს.
removechannel-not-subscribed = { $chat } სათაურებს არ იღებს, ასე რომ წასაშლელი არაფერია. სათაურების მიმღები ჩატები: /channels.

stats-title = 📊 <b>დაგზავნა</b>
stats-subscribers = <b>გამომწერები</b>
stats-private = 👤 პირადი ჩატები: { $active } აქტიური, { $inactive } გამორთული
stats-groups = 👥 ჯგუფები: { $active } აქტიური, { $inactive } გამორთული
stats-channels = 📢 არხები: { $active } აქტიური, { $inactive } გამორთული
stats-rounds = <b>ბოლო დაგზავნები</b>
stats-no-rounds = დაგზავნა ჯერ არ ყოფილა.
stats-round = { $when } — ✅ { $delivered } მიწოდებული, ❌ { $failed } წარუმატებელი, ⏳ { $due } რიგში · { $duration }
stats-stalled = ⛔ <b>მიწოდება შეჩერებულია { $when }-დან</b>: <code>{ $error }</code>
stats-task-restarted = ⚠️ მიწოდების ამოცანა { $task } თავიდან გაეშვა { $restarts }-ჯერ, ბოლოს { $when }: <code>{ $error }</code>
stats-running = მიმდინარეობს
duration-seconds = { $seconds } წმ
duration-minutes = { $minutes } წთ { $seconds } წმ

## Headline alerts (sent on schedule to subscribed chats)

alert-title = 📰 <b>ახალი ამბები</b>
alert-more = …და კიდევ { $count } — /latest
alert-more-channel = …და კიდევ { $count } ბოტში

## Everywhere

button-stale = ეს ღილაკი აღარ მოქმედებს.
unknown-command = ეს ბრძანება არ ვიცი. იხილეთ /help.
error-generic = ბოდიში, ჩვენს მხარეს რაღაც შეცდომა მოხდა. გთხოვთ, სცადოთ მოგვიანებით.

## Command menu (plain text, shown by Telegram)

command-start = მისალმება და გაცნობა
command-latest = უახლესი სათაურები
command-read = სტატიის წაკითხვა ნომრით
command-subscribe = ახალი სათაურების ავტომატურად მიღება
command-unsubscribe = სათაურების გამოწერის გაუქმება
command-settings = ამ ჩატის გამოწერა და ენა
command-language = ენის არჩევა
command-help = ყველა ბრძანება
command-post = სტატიის დაწერა და გამოქვეყნება
command-done = მონახაზის წინასწარი ნახვა
command-publish = მონახაზის გამოქვეყნება
command-cancel = მონახაზის გაუქმება
command-channels = არხები და ჯგუფები, რომლებიც სათაურებს იღებენ
command-addchannel = სათაურების გაგზავნა არხში ან ჯგუფში
command-removechannel = არხში ან ჯგუფში გაგზავნის შეწყვეტა
command-stats = გამომწერები და დაგზავნები

## Reports to the operator's chat (ERROR_CHAT_ID)

operator-error =
    ⚠️ <b>newsbot: შეცდომა</b>
    <pre>{ $details }</pre>
operator-error-summary =
    ⚠️ <b>newsbot: კიდევ { $count } შეცდომა { $since }-დან</b>; ბოლო:
    <pre>{ $last }</pre>

## Issue 9 item 4: buttons under the bot's channel posts only lead to the bot (pop-up, plain text)

channel-button-opens-bot = არხში ღილაკები მხოლოდ ბოტისკენ მიგიყვანთ: გახსენით { $bot }, რომ წაიკითხოთ სტატიები და შეცვალოთ პარამეტრები.

## Issue 9 item 6: a reader over their budget of replies (once per exhaustion; also a pop-up)

throttle-slow-down = ⏳ გთხოვთ, შეანელეთ: მოთხოვნებს იმაზე სწრაფად აგზავნით, ვიდრე პასუხის გაცემას ვასწრებ. ცოტა ხანში ისევ გიპასუხებთ.

## Issue 9 item 9: a body whose markup (mostly links) is too large

post-body-markup-too-long = ტექსტს ძალიან ბევრი ფორმატირება და ბმული აქვს: მარკირების { $length } სიმბოლო; ზღვარია { $max }. წაშალეთ ზოგიერთი ბმული ან ფორმატირება და გამოგზავნეთ ხელახლა.

## Issue 9 item 13: who added each channel or group; CHANNELS_NEED_APPROVAL (editors approve)

channels-entry-pending = ⏳ <b>{ $title }</b> ({ $kind }) · { $chat } · ელოდება დადასტურებას
channels-added-by = დაამატა <a href="tg://user?id={ $user_id }">{ $user }</a>
review-request = 🆕 <a href="tg://user?id={ $user_id }">{ $user }</a> ითხოვს სათაურებს: { $kind } <b>{ $title }</b> ({ $chat }). სანამ რედაქტორი არ დაადასტურებს, სათაურები იქ არ გაიგზავნება.
review-approved = ✅ დადასტურებულია: <b>{ $title }</b> ({ $kind }, { $chat }) ამიერიდან ახალ სათაურებს მიიღებს.
review-rejected = ⛔ უარყოფილია: <b>{ $title }</b> ({ $kind }, { $chat }) სათაურებს არ მიიღებს.
review-not-pending = ეს ჩატი დადასტურებას აღარ ელოდება: იხილეთ /channels.
button-review-ok = ✅ დადასტურება
button-review-no = ⛔ უარყოფა
subscribe-pending = ⏳ გმადლობთ! ახალ ჯგუფებს ჯერ რედაქციის რედაქტორები ადასტურებენ: სათაურები დადასტურების შემდეგ დაიწყება.
settings-pending = ⏳ ელოდება რედაქტორის დადასტურებას: სათაურები დადასტურების შემდეგ დაიწყება.

## Issue 9 item 1: an uploaded file that is too long or too complex to read

post-file-too-long = ფაილის ტექსტი { $max } სიმბოლოს ზღვარზე გრძელია. ის არ დაემატა; გამოგზავნეთ უფრო მოკლე ფაილი ან დაყავით ნაწილებად.
post-file-too-complex = ფაილის წაკითხვა ვერ მოხერხდა: მასში იმდენი მარკირებაა, რომ დროულად ვერ წავიკითხე. ის არ დაემატა; გამოგზავნეთ უბრალო ტექსტად ან გაამარტივეთ.

## Issue 10: lead photos (a photo in a draft, the preview's Remove photo, a photo sent unasked)

post-photo-attached = 🖼 ფოტო დაერთო. ახალი ფოტო ჩაანაცვლებს მას; /done წინასწარი ნახვისთვის.
post-photo-replaced = 🖼 ფოტო შეიცვალა. /done წინასწარი ნახვისთვის.
post-photo-removed = ფოტო მოიხსნა.
post-photo-none = ამ მონახაზს ფოტო არ აქვს.
post-photo-usage = 🖼 ამ ფოტოთი სტატიის გამოსაქვეყნებლად გამოაგზავნეთ ის ხელახლა წარწერით <code>/post სათაური</code> და ტექსტით მომდევნო სტრიქონებზე. ან დაიწყეთ /post-ით და ფოტო წერისას გამოაგზავნეთ.
post-photo-invalid = ამ სურათს ფოტოდ ვერ გამოვიყენებ: გამოაგზავნეთ JPEG, PNG ან WebP სურათი, არაუმეტეს 10 MB-ისა, რომლის სიგანისა და სიმაღლის ჯამი 10 000 პიქსელს არ აღემატება.
post-photo-too-large = სურათი ძალიან დიდია ({ $size } KB); ფოტოს ზღვარია { $max } KB.
button-remove-photo = 🗑 ფოტოს მოხსნა

## Issue 10: corrections (/edit, /history, an edited /post message) and retractions (/retract, /restore)

command-edit = გამოქვეყნებული სტატიის შესწორება
command-history = სტატიის შესწორებები
command-retract = სტატიის გაწვევა
command-restore = გაწვეული სტატიის ხელახლა გამოქვეყნება
help-edit = სტატიის ეტაპობრივი შესწორება, ან ერთბაშად — ახალი სათაურით (და ტექსტით) მომდევნო სტრიქონებზე
help-history = როდის შესწორდა სტატია, ვინ შეასწორა და რა შეიცვალა
help-retract = სტატიის გაწვევა ყველგან (ჯერ გკითხავთ)
help-restore = გაწვეული სტატიის ხელახლა გამოქვეყნება (შეტყობინებები თავიდან არ იგზავნება)
argument-edit = <i>ნომერი</i>
argument-history = <i>ნომერი</i>
argument-retract = <i>ნომერი</i>
argument-restore = <i>ნომერი</i>
article-updated = ✏️ განახლდა { $when }
article-withdrawn = 🚫 სტატია { $id } რედაქციამ გაიწვია { $date }-ს.
article-bad-id = „{ $value }“ სტატიის ნომერი არ არის.
article-not-found = სტატია ნომრით { $id } არ არსებობს.
edit-usage = რომელი სტატია? გამოაგზავნეთ <code>/edit 12</code> ეტაპობრივი შესწორებისთვის, ან მომდევნო სტრიქონზე ჩაწერეთ ახალი სათაური (და მის შემდეგ ახალი ტექსტი) ერთბაშად შესასწორებლად.
edit-withdrawn = სტატია { $id } გაწვეულია; თუ ის ისევ უნდა გამოქვეყნდეს, ჯერ გამოაგზავნეთ <code>/restore { $id }</code>.
edit-draft-open = თქვენ ჯერ კიდევ წერთ მონახაზს ან შესწორებას: /done წინასწარი ნახვისთვის, ან ჯერ /cancel.
edit-intro = ✏️ <b>სტატია { $id } სწორდება.</b> მკითხველები ახლა ამას ხედავენ:
edit-choose = რისი ჩანაცვლება გსურთ? დააჭირეთ ღილაკს და გამოაგზავნეთ ახალი ვერსია; /done წინასწარი ნახვისთვის, /cancel შესაწყვეტად.
edit-ask-headline = გამოაგზავნეთ ახალი <b>სათაური</b> (ერთი სტრიქონი, არაუმეტეს { $max } სიმბოლოსი).
edit-ask-body = გამოაგზავნეთ ახალი <b>ტექსტი</b>: ის მთელ ტექსტს ჩაანაცვლებს, რამდენიმე შეტყობინება კი აბზაცებად იქცევა. შემდეგ /done.
edit-ask-photo = გამოაგზავნეთ ახალი ფოტო.
edit-headline-taken = სათაური შეიცვალა. დააჭირეთ სხვა ღილაკს, ან /done წინასწარი ნახვისთვის.
edit-photo-taken = 🖼 ფოტო შეიცვალა. დააჭირეთ სხვა ღილაკს, ან /done წინასწარი ნახვისთვის.
edit-photo-removed = ფოტო მოიხსნა. დააჭირეთ სხვა ღილაკს, ან /done წინასწარი ნახვისთვის.
edit-press-button = ჯერ დააჭირეთ <b>სათაურს</b>, <b>ტექსტს</b> ან <b>ფოტოს</b>, რათა მიუთითოთ, რას ჩაანაცვლებს ეს.
edit-unchanged = შესასწორებელი არაფერია: სტატია { $id } უკვე ასე იკითხება.
edit-preview-intro = 👀 <b>შესწორების წინასწარი ნახვა</b> — მკითხველები ზუსტად ამას დაინახავენ:
edit-preview-actions = გამოქვეყნდეს ეს შესწორება? განახლდება { $messages } შეტყობინება { $chats } ჩატში.
edit-published = ✅ სტატია { $id } შესწორდა: /read_{ $id }. უკვე გაგზავნილი { $messages } შეტყობინება ახლდება.
edit-cancelled = შესწორება გაუქმდა; სტატია უცვლელია.
edit-gone = ეს შესწორება აღარ არის ღია. დაიწყეთ თავიდან: <code>/edit 12</code>.
button-edit-headline = სათაური
button-edit-body = ტექსტი
button-edit-photo = ფოტო
button-publish-correction = ✅ შესწორების გამოქვეყნება
history-usage = რომელი სტატია? გამოაგზავნეთ <code>/history 12</code>.
history-title = 🕓 <b>სტატია { $id }-ის ისტორია</b>
history-entry = { $number }. { $when } · <a href="tg://user?id={ $user_id }">{ $user }</a> · { $changes }
history-withdrawn = 🚫 გაწვეულია { $when } · <a href="tg://user?id={ $user_id }">{ $user }</a>
history-restored = ↩️ აღდგენილია { $when } · <a href="tg://user?id={ $user_id }">{ $user }</a>
change-original = ორიგინალი
change-headline = სათაური
change-body = ტექსტი
change-photo = ფოტო
retract-usage = რომელი სტატია? გამოაგზავნეთ <code>/retract 12</code>.
retract-confirm = გაიწვიოთ სტატია { $id }, „<b>{ $headline }</b>“? ის გაქრება /latest-იდან, „ასევე წაიკითხეთ“-დან და ჯერ გაუგზავნელი შეტყობინებებიდან; უკვე გაგზავნილი ასლები წაიშლება, ან შეიცვლება შენიშვნით, სადაც Telegram წაშლის უფლებას აღარ იძლევა.
button-retract-yes = 🚫 გაწვევა
button-retract-no = დატოვება
retract-done = 🚫 სტატია { $id } გაიწვია; უკვე გაგზავნილი { $messages } შეტყობინება იშლება. გასაუქმებლად: <code>/restore { $id }</code>.
retract-kept = სტატია { $id } გამოქვეყნებული რჩება.
retract-already = სტატია { $id } უკვე გაწვეულია; <code>/restore { $id }</code> მას ხელახლა გამოაქვეყნებს.
restore-usage = რომელი სტატია? გამოაგზავნეთ <code>/restore 12</code>.
restore-done = ✅ სტატია { $id } ხელახლა გამოქვეყნდა: /read_{ $id }. შეტყობინებები თავიდან არ იგზავნება.
restore-not-withdrawn = სტატია { $id } გაწვეული არ არის.

## Copies already sent, brought up to date by a correction (issue 10, tracking and edit work)
correction-continued = <i>გაგრძელება: /read_{ $id }</i>
correction-part-removed = <i>(ეს ნაწილი შესწორებისას წაიშალა.)</i>

## Issue 11: scheduled publication (/schedule, the preview's Schedule button, /scheduled, /unschedule)

command-schedule = მონახაზის ან სტატიის გამოქვეყნება დათქმულ დროს
command-scheduled = სტატიები, რომლებიც თავის დროს ელოდება
command-unschedule = დაგეგმილი სტატიის გაუქმება
help-schedule =
    მონახაზის გამოქვეყნება დათქმულ დროს, რედაქციის სასაათო სარტყლით: <code>09:00</code> (უახლოესი 09:00), <code>29.11 09:00</code> ან <code>29.11.2026 09:00</code>
    <code>/schedule 09:00</code>, შემდეგ ხაზზე სათაური, მის შემდეგ ტექსტი — დაგეგმვა ერთი შეტყობინებით
help-scheduled = სტატიები, რომლებიც თავის დროს ელოდება: ახლავე გამოქვეყნება, დროის შეცვლა ან გაუქმება
help-unschedule = დაგეგმილი სტატიის გაუქმება (<code>/unschedule S3</code>)
argument-schedule = <i>დრო [breaking]</i>
argument-unschedule = <i>S-ნომერი</i>
schedule-ask-time = ⏰ როდის გამოქვეყნდეს? გამოგზავნეთ დრო ({ $zone }): <code>09:00</code> (უახლოესი 09:00), <code>29.11 09:00</code> ან <code>29.11.2026 09:00</code>. დროის შემდეგ დაამატეთ <code>breaking</code>, რომ მაშინ ცხელ ამბად გამოქვეყნდეს. /done კვლავ აჩვენებს წინასწარ ნახვას; /cancel გააუქმებს მონახაზს.
schedule-unparseable = „{ $value }“ დროდ ვერ გავიგე. გამოგზავნეთ <code>09:00</code> (უახლოესი 09:00), <code>29.11 09:00</code> (უახლოესი 29 ნოემბერი) ან <code>29.11.2026 09:00</code>, დრო { $zone }-ის მიხედვით.
schedule-no-such-date = { $value } — ასეთი თარიღი კალენდარში არ არსებობს. გამოგზავნეთ სხვა დრო.
schedule-no-such-time = { $value } { $zone }-ში არ არსებობს: ამ დროს საათები წინ გადაიწევს. გამოგზავნეთ სხვა დრო.
schedule-in-past = { $when } ({ $zone }) უკვე გავიდა. გამოგზავნეთ მომავალი დრო.
schedule-too-far = { $when } ერთ წელზე მეტი ხნის შემდეგაა; სტატიის დაგეგმვა მაქსიმუმ ერთი წლით ადრე შეიძლება.
schedule-done = ⏰ დაიგეგმა ნომრით <b>{ $scheduled }</b>, გამოქვეყნდება { $when } ({ $zone }): <b>{ $headline }</b>. მანამდე მკითხველები მას ვერ დაინახავენ. /scheduled აჩვენებს მოლოდინში მყოფ სტატიებს; <code>/unschedule { $scheduled }</code> გააუქმებს მას.
schedule-usage = როდის და რა? <code>/schedule 09:00</code> დაგეგმავს მონახაზს, რომელსაც წერთ. ერთი შეტყობინებით დასაგეგმად შემდეგ ხაზზე ჩაწერეთ სათაური, მის შემდეგ კი ტექსტი: <code>/schedule 29.11 09:00</code>. დროის შემდეგ <code>breaking</code> მაშინ ცხელ ამბად გამოაქვეყნებს. დრო მითითებულია { $zone }-ის მიხედვით.
schedule-correction = შესწორება გამოქვეყნებისთანავე ვრცელდება; მისი დაგეგმვა შეუძლებელია. გამოაქვეყნეთ /publish-ით, ან /cancel.
schedule-published = ✅ დაგეგმილი სტატია { $scheduled } გამოქვეყნდა სტატიად ნომრით { $id }: /read_{ $id }
schedule-cancelled = ✖️ { $scheduled } გაუქმდა: <b>{ $headline }</b> არ გამოქვეყნდება.
schedule-not-found = დაგეგმილი სტატია { $scheduled } არ არსებობს. /scheduled აჩვენებს მათ სიას.
schedule-bad-id = „{ $value }“ დაგეგმილი სტატიის ნომერი არ არის: ასეთი ნომრები ასე გამოიყურება: <code>S3</code>. /scheduled აჩვენებს მათ სიას.
schedule-is-published = { $scheduled } უკვე გამოქვეყნებულია სტატიად ნომრით { $id }.
schedule-is-cancelled = { $scheduled } გაუქმებულია.
unschedule-usage = რომელი? გამოგზავნეთ <code>/unschedule S3</code>; /scheduled აჩვენებს დაგეგმილ სტატიებს.
scheduled-title = ⏰ <b>დაგეგმილი სტატიები</b>: { $count }, დრო { $zone }-ის მიხედვით
scheduled-empty = დაგეგმილი არაფერია. მონახაზი დაგეგმეთ მისი წინასწარი ნახვის ღილაკით „⏰ დაგეგმვა“, ან ბრძანებით <code>/schedule 09:00</code>.
scheduled-entry =
    ⏰ <b>{ $scheduled }</b> · { $when }
    { $headline }
scheduled-more = …და კიდევ { $count } ამათ შემდეგ.
button-publish-now = ▶️ ახლავე გამოქვეყნება
button-reschedule = 🕓 დროის შეცვლა
reschedule-ask = 🕓 გამოგზავნეთ ახალი დრო { $scheduled }-ისთვის (ახლა: { $when }, { $zone }): <code>09:00</code>, <code>29.11 09:00</code> ან <code>29.11.2026 09:00</code>. /cancel დროს უცვლელად დატოვებს.
reschedule-done = 🕓 { $scheduled } გამოქვეყნდება { $when } ({ $zone }).
reschedule-kept = { $scheduled }-ის დრო უცვლელია: { $when }.
reschedule-expects-time = გამოგზავნეთ ახალი დრო { $scheduled }-ისთვის, ან /cancel, რომ დრო არ შეიცვალოს.

## Issue 11: breaking news (/breaking, the preview's Publish as breaking, breaking alerts)
command-breaking = ცხელი ამბის გამოქვეყნება
help-breaking = მონახაზის გამოქვეყნება ცხელ ამბად: მაშინვე ეგზავნება ყველა გამომწერს, ხმოვანი შეტყობინებით (<code>/breaking სათაური</code> და ტექსტი მომდევნო სტრიქონებზე: ერთი შეტყობინებით)
post-breaking-started = 🔴 ცხელი ამბავი: ახლავე ეგზავნება ყველა გამომწერს, ხმოვანი შეტყობინებით.
post-breaking-usage = 🔴 <code>/breaking</code> თქვენს მონახაზს ცხელ ამბად აქვეყნებს. ერთი შეტყობინებით გამოსაქვეყნებლად გამოაგზავნეთ <code>/breaking სათაური</code> და ტექსტი მომდევნო სტრიქონებზე (ფოტოს წარწერადაც).
alert-breaking-title = 🔴 <b>ცხელი ამბავი</b>

## Issue 11: forum topics (each topic of a forum supergroup subscribes on its own)
chat-topic = { $title } › { $topic }
chat-topic-unnamed = თემა { $id }

## Issue 11: sections (/sections for readers and editors, the preview's section buttons, #section, /latest <section>)
command-sections = რუბრიკები
help-sections = რუბრიკები, თითოეული მისი უახლესი სათაურების ღილაკით (რედაქტორებისთვის: დამატება, გადარქმევა, გადაადგილება, წაშლა)
article-meta-section = { $section } · { $date } · 👁 { $views }
latest-title-section = 📰 <b>{ $section }</b>: უახლესი ამბები
latest-empty-section = რუბრიკაში „{ $section }“ ჯერ არაფერი გამოქვეყნებულა.
sections-title = 🗂 <b>რუბრიკები</b>: { $count }. აირჩიეთ რომელიმე მისი უახლესი სათაურებისთვის, ან გამოგზავნეთ <code>/latest</code> და რუბრიკის სახელი.
sections-none = რუბრიკები ჯერ არ არის: /latest ყველა სათაურს აჩვენებს.
section-gone = ეს რუბრიკა აღარ არსებობს. იხილეთ /sections.
section-unknown-latest = რუბრიკა „{ $value }“ არ არსებობს. რუბრიკები: { $sections }. ან მიუთითეთ სათაურების რაოდენობა 1-დან { $max }-მდე, მაგალითად: <code>/latest 10</code>.
sections-title-editor = 🗂 <b>რუბრიკები</b> ({ $count }), იმ რიგით, რომლითაც მკითხველები და წინასწარი ნახვა ხედავენ. სახელზე დაჭერით გადაარქმევთ; ⬆️ ⬇️ გადააადგილებს; 🗑 წაშლის (მისი სტატიები რუბრიკას შეინარჩუნებენ).
sections-none-editor = 🗂 რუბრიკები ჯერ არ არის. დაამატეთ პირველი: მაშინ ყოველ სტატიას ექნება რუბრიკა, რომელსაც მისი წინასწარი ნახვის ქვეშ აირჩევთ (თუ სხვას არ აირჩევთ, პირველს) ან ბრძანებით <code>/post სათაური #რუბრიკა</code>.
sections-entry = { $number }. { $names }
button-section-add = ➕ რუბრიკის დამატება
button-section-up = ⬆️
button-section-down = ⬇️
button-section-remove = 🗑
button-section-confirm = 🗑 წაშლა
button-section-keep = დატოვება
section-ask-names = ➕ ახალი რუბრიკა: გამოგზავნეთ მისი სახელი ინგლისურად და ქართულად, <code>|</code>-ით გამოყოფილი, მაგალითად: <code>World | მსოფლიო</code> (თითოეული მაქსიმუმ { $max } სიმბოლო). /cancel — გაუქმება.
section-ask-rename = ✏️ რუბრიკის <b>{ $names }</b> გადარქმევა: გამოგზავნეთ ახალი სახელები ინგლისურად და ქართულად, <code>|</code>-ით გამოყოფილი, მაგალითად: <code>World | მსოფლიო</code> (თითოეული მაქსიმუმ { $max } სიმბოლო). /cancel — გაუქმება.
section-names-format = გამოგზავნეთ ორივე სახელი <code>|</code>-ით გამოყოფილი, ჯერ ინგლისური: <code>World | მსოფლიო</code> (თითოეული მაქსიმუმ { $max } სიმბოლო); ან /cancel.
section-name-empty = ერთ-ერთი სახელი ცარიელია. გამოგზავნეთ ორივე სახელი <code>|</code>-ით გამოყოფილი, ან /cancel.
section-name-too-long = „{ $value }“ { $length } სიმბოლოსგან შედგება; რუბრიკის სახელი მაქსიმუმ { $max } სიმბოლოა. გამოგზავნეთ სახელები ხელახლა, ან /cancel.
section-name-no-letter = „{ $value }“ ასოს არ შეიცავს, რუბრიკის სახელს კი ასო სჭირდება. გამოგზავნეთ სახელები ხელახლა, ან /cancel.
section-name-taken = სხვა რუბრიკას უკვე ჰქვია „{ $value }“ (ინგლისურად ან ქართულად). გამოგზავნეთ სხვა სახელები, ან /cancel.
section-too-many = უკვე { $max } რუბრიკაა — მეტი არ შეიძლება. ჯერ წაშალეთ რომელიმე.
section-added = ✅ რუბრიკა დაემატა: <b>{ $names }</b>.
section-renamed = ✅ რუბრიკას სახელი გადაერქვა: <b>{ $names }</b>.
section-names-cancelled = რუბრიკებში არაფერი შეცვლილა.
section-cannot-move = ამ მიმართულებით მისი გადაადგილება აღარ შეიძლება.
section-remove-confirm = წავშალო რუბრიკა <b>{ $names }</b>? ის გაქრება სიებიდან და წინასწარი ნახვიდან; მასში გამოქვეყნებული სტატიები მას შეინარჩუნებენ.
section-unknown-tag = რუბრიკა „{ $value }“ არ არსებობს; არაფერი გამოქვეყნებულა და არც დაგეგმილა. რუბრიკები: { $sections }. მიუთითეთ რომელიმე სათაურის შემდეგ (<code>/post სათაური #World</code>), ან გამოტოვეთ — მაშინ პირველი რუბრიკა შეირჩევა.
section-unknown-none = რუბრიკა „{ $value }“ არ არსებობს: რუბრიკები ჯერ არ შექმნილა (იხ. /sections). არაფერი გამოქვეყნებულა და არც დაგეგმილა.

# Issue 11: the sections a chat (or forum topic) follows, toggled under /settings
settings-sections-all = 📚 რუბრიკები: ყველა, ახლებიც. შეეხეთ რომელიმეს, რომ აღარ მიიღოთ მისი სათაურები.
settings-sections-chosen = 📚 რუბრიკები: { $sections }. შეეხეთ რუბრიკას, რომ გამოიწეროთ ან გააუქმოთ; სხვა რუბრიკების სათაურები აქ არ მოვა.
settings-sections-none = 📚 რუბრიკები: არცერთი. სათაურები აქ არ მოვა, სანამ რომელიმე რუბრიკას არ აირჩევთ.
button-all-sections = ყველა რუბრიკა
channel-sections-title = ⚙️ <b>{ $title }</b> ({ $chat }): რუბრიკები, რომელთა სათაურებსაც იღებს, და როდის
channel-sections-none-defined = რუბრიკები ჯერ არ არის: ყველა სათაურს იღებს (იხ. /sections).
channel-sections-not-subscribed = { $chat } სათაურებს არ იღებს, ამიტომ არცერთ რუბრიკას არ მიჰყვება. /channels აჩვენებს ჩატებს, რომლებიც იღებენ.

# Issue 11: how a chat (or forum topic) is notified, chosen under /settings
settings-notifications-sound = 🔔 შეტყობინებები: ხმით.
settings-notifications-silent_digests = 🔕 შეტყობინებები: დაიჯესტები ჩუმად, ცხელი ამბები ხმით.
settings-notifications-silent = 🔇 შეტყობინებები: ჩუმად, ცხელი ამბებიც.
button-notifications-sound = ხმით
button-notifications-silent_digests = ჩუმი დაიჯესტები
button-notifications-silent = ჩუმად

# Each chat's rhythm (issue 11): frequency and quiet hours under /settings and /channels <channel>
settings-every-round = ⏱ სიხშირე: ყოველ რაუნდში, როგორც კი სიახლე გამოჩნდება.
settings-daily = 📅 სიხშირე: დღეში ერთი დაიჯესტი { $time }-ზე ({ $zone }), ყველაფრით, რაც წინა დაიჯესტის შემდეგ გამოქვეყნდა.
settings-quiet-off = 🌙 მშვიდი საათები: არ არის.
settings-quiet-on = 🌙 მშვიდი საათები: { $hours } ({ $zone }). სათაურები მათ დასრულებას ელოდება და შემდეგ ერთ დაიჯესტად მოდის; ცხელი ამბები ჩუმად მოდის.
button-every-round = ყოველ რაუნდში
button-daily-menu = 📅 ყოველდღიური დაიჯესტი…
button-daily-at = 📅 ყოველდღე { $time }-ზე
button-quiet-off = მშვიდი საათების გარეშე
button-quiet-menu = 🌙 მშვიდი საათები…
button-quiet-on = 🌙 მშვიდი { $hours }
settings-subscribed-daily = 🔔 გამოწერილია { $date }-დან.

# Feeds (issue 12): /feeds, /addfeed, /removefeed, /pausefeed and review mode's previews
feeds-empty = არხები (feeds) ჯერ არ არის. დაამატეთ: <code>/addfeed https://site/feed.xml #Section review</code> (რუბრიკა და review არასავალდებულოა).
feeds-header = 📡 <b>არხები</b> ({ $count }):
feed-line = <b>{ $id }</b>. { $url }
    { $section } · { $mode }
feed-mode-publish = ახალ ჩანაწერებს აქვეყნებს
feed-mode-review = ახალი ჩანაწერები რედაქტორის შემოწმებას ელოდება
feed-section-default = პირველი რუბრიკა
feed-paused = ⏸ შეჩერებულია (განსაახლებლად /pausefeed).
feed-never-polled = ჯერ არ შემოწმებულა.
feed-last-success = ბოლო წარმატება: { $when }
feed-last-error = ბოლო შეცდომა ({ $when }): { $error }
feed-failing = ⚠️ ზედიზედ { $count } შეცდომა; შემდეგი ცდა { $when }.
button-feed-pause = ⏸ შეჩერება { $id }
button-feed-resume = ▶️ განახლება { $id }
button-feed-remove = 🗑 წაშლა { $id }
addfeed-usage = გამოგზავნეთ <code>/addfeed https://site/feed.xml</code>, სურვილისამებრ <code>#რუბრიკა</code> და <code>review</code> (მაშინ ყოველი ახალი ჩანაწერი რედაქტორს ელოდება).
addfeed-bad-url = „{ $value }“ არ არის http:// ან https:// მისამართი.
addfeed-exists = ეს არხი უკვე მოწმდება (იხ. /feeds).
addfeed-done = არხი <b>{ $id }</b> დაემატა: { $url } ({ $mode }). ცხადდება მხოლოდ ახლა და შემდეგ გამოქვეყნებული ჩანაწერები; პირველი შემოწმება რამდენიმე უახლესს ჩუმად ამატებს არქივში.
feed-unknown-section = რუბრიკა „{ $value }“ არ არსებობს. რუბრიკები: { $sections }.
feed-id-usage = გამოგზავნეთ არხის ნომერი, მაგ. <code>{ $value } 3</code> (იხ. /feeds).
feed-not-found = არხი { $id } არ არსებობს (იხ. /feeds).
removefeed-done = არხი { $id } წაიშალა. მისი სტატიები რჩება.
pausefeed-done = არხი { $id } შეჩერდა: აღარ მოწმდება, სანამ კვლავ არ გამოგზავნით /pausefeed { $id }.
resumefeed-done = არხი { $id } განახლდა: ამიერიდან კვლავ მოწმდება.
feed-review = 📡 არხის <b>{ $id }</b> ({ $url }) ახალი ჩანაწერი, ელოდება შემოწმებას:
    
    <b>{ $headline }</b>
feed-review-link = 🔗 { $url }
button-feed-publish = ✅ გამოქვეყნება
button-feed-edit = ✏️ რედაქტირება
button-feed-skip = ✖️ გამოტოვება
feed-review-published = ✅ გამოქვეყნდა, სტატია { $id }.
feed-review-skipped = ✖️ გამოტოვებულია: არ გამოქვეყნდება.
feed-review-edit = ✏️ ჩანაწერი ახლა თქვენი მონახაზია: გამოგზავნეთ დამატებითი ტექსტი ან ფოტო, შემდეგ /done გადახედვისა და გამოქვეყნებისთვის.
feed-review-decided = ამ ჩანაწერზე რედაქტორმა უკვე გადაწყვიტა.
feed-review-gone = ეს ჩანაწერი აღარ არსებობს.
button-open-on-site = 🌐 საიტზე გახსნა
command-feeds = საიტის არხები, რომლებსაც ბოტი ამოწმებს
command-addfeed = არხის დამატება: /addfeed url [#რუბრიკა] [review]
command-removefeed = არხის შემოწმების შეწყვეტა
command-pausefeed = არხის შეჩერება ან განახლება
help-feeds = საიტის არხები და მათი მდგომარეობა
help-addfeed = არხის (RSS, Atom) დამატება; <code>review</code>: ყოველ ჩანაწერზე რედაქტორი წყვეტს
help-removefeed = არხის შემოწმების შეწყვეტა (მისი სტატიები რჩება)
help-pausefeed = არხის შეჩერება, ან შეჩერებულის განახლება
argument-addfeed = <i>url [#რუბრიკა] [review]</i>
argument-removefeed = <i>id</i>
argument-pausefeed = <i>id</i>
# issue 11, editor side: a correction moves an article to another section
button-edit-section = რუბრიკა
edit-ask-section = რომელ <b>რუბრიკაში</b> უნდა იყოს სტატია? შემდეგ /done წინასწარი ნახვისთვის.
change-section = რუბრიკა
# issue 11, editor side: scheduled breaking news (/schedule <when> breaking)
schedule-done-breaking = 🔴 დაიგეგმა ნომრით <b>{ $scheduled }</b>, გამოქვეყნდება { $when } ({ $zone }) <b>ცხელ ამბად</b>: <b>{ $headline }</b>. მაშინ ის ყველა გამომწერს ერთბაშად გაეგზავნება, ხმოვანი შეტყობინებით; მანამდე მკითხველები მას ვერ დაინახავენ. /scheduled აჩვენებს მოლოდინში მყოფ სტატიებს; <code>/unschedule { $scheduled }</code> გააუქმებს მას.
scheduled-entry-breaking =
    ⏰ <b>{ $scheduled }</b> · { $when } · 🔴 ცხელი ამბავი
    { $headline }
# issue 11, editor side: a rescheduling left waiting past DRAFT_TIMEOUT
reschedule-timed-out = ⌛ { $scheduled }-ის დრო უცვლელია, { $when }: { $minutes } წუთის განმავლობაში ახალი დრო არ მოსულა. მის გადასატანად /scheduled-ში დააჭირეთ 🕓 დროის შეცვლას.

# issue 13: most read (/top) and editors' insight (/stats chart, /stats <id>, reactions)
command-top = კვირის ყველაზე წაკითხული
help-top = ბოლო 7 დღის ყველაზე წაკითხული სტატიები
top-title = 🔥 <b>ყველაზე წაკითხული ბოლო { $days } დღეში</b>
top-entry = { $date } · 👁 +{ $gained } { $days } დღეში
top-empty = ბოლო { $days } დღეში ჯერ არაფერი წაუკითხავთ. უახლესი ამბებისთვის იხილეთ /latest.
stats-trends-title = <b>ბოლო { $days } დღე</b>
stats-trends-total = 👁 { $views } ნახვა: 📖 { $reads } წაკითხული სტატია, 🔔 { $alerts } სათაურების შეტყობინებებში, 🔗 { $inline } გაზიარებული inline
stats-trends-day = { $date } — 👁 { $views } (📖 { $reads } · 🔔 { $alerts } · 🔗 { $inline }) · 👤 { $private } 👥 { $groups } 📢 { $channels }
stats-trends-note = <i>გამომწერები (👤 პირადი ჩატები, 👥 ჯგუფები, 📢 არხები) ყოველი დღის ბოლოს, აღდგენილი იმით, თუ როდის გამოიწერა და შეწყვიტა ყოველმა ჩატმა ბოლოს.</i>
stats-chart-caption = 📈 ნახვები დღეების მიხედვით და გამომწერები, ბოლო { $days } დღე (რიცხვები ზემოთა შეტყობინებაშია)
stats-top-buttons = კვირის ყველაზე წაკითხული, <code>/stats id</code>-ისთვის:
stats-article-button = 📊 { $headline }
stats-article-title = 📊 <b>{ $headline }</b> · /read_{ $id }
stats-article-retracted = ⛔ გაწვეულია: მკითხველები მას აღარ ხედავენ.
stats-article-views = 👁 { $views } ნახვა: 🔔 { $alerts } შეტყობინებებში, 📖 { $reads } წაკითხული ბოტში, 🔗 { $inline } გაზიარებული inline
stats-article-chats = 💬 მიაღწია { $chats } ჩატს
stats-article-copies = ✏️ { $copies } გაგზავნილი ასლი განახლდა შესწორების ან გაწვევის შემდეგ
stats-article-reactions = ❤️ რეაქციები არხებში: { $reactions }
stats-article-no-reactions = ❤️ რეაქციები ჯერ არ მოსულა (Telegram მათ მხოლოდ იმ არხებიდან გვატყობინებს, სადაც ბოტი ადმინისტრატორია).
stats-bad-id = „{ $value }“ სტატიის ნომერი არ არის. გაგზავნეთ <code>/stats</code>, ან <code>/stats 12</code> ერთი სტატიისთვის.

# issue 13: search (/search, a private chat's plain text, the results' page buttons)
command-search = სტატიების ძიება
help-search = ძიება სათაურებსა და ტექსტებში (<code>/search სამშვიდობო შეთანხმება</code>; ზუსტი ფრაზა ბრჭყალებში: <code>/search "სამშვიდობო შეთანხმება"</code>); ამ ჩატში უბრალოდ გაგზავნეთ სიტყვები
argument-search = <i>სიტყვები</i>
search-usage = რა მოვძებნო? გაგზავნეთ სიტყვები, ან <code>/search</code> და სიტყვები, მაგ. <code>/search თბილისი მეტრო</code>; ზუსტი ფრაზა ჩასვით ბრჭყალებში: <code>"სამშვიდობო შეთანხმება"</code>.
search-empty = რა მოვძებნო? გაგზავნეთ სიტყვები, მაგ. <code>/search თბილისი მეტრო</code>.
search-too-short = ეს სიტყვები საძიებლად ძალიან მოკლეა: თითოეულში უნდა იყოს მინიმუმ ორი ასო ან ციფრი.
search-no-words = აქ საძიებელი სიტყვა არ არის, მხოლოდ სიმბოლოებია. გაგზავნეთ სიტყვები, მაგ. <code>/search თბილისი</code>.
search-title = 🔎 <b>{ $query }</b>: ნაპოვნია { $count } · გვერდი { $page } / { $pages }
search-nothing = 🔎 <b>{ $query }</b> — ვერაფერი მოიძებნა. სცადეთ სხვა სიტყვები, ან /latest უახლესი სათაურებისთვის.
search-expired = ეს ძიება ძველია: გაგზავნეთ სიტყვები ხელახლა.
search-no-more = მეტი შედეგი აღარ არის.
button-search-newer = ‹ უფრო ახალი
button-search-older = უფრო ძველი ›

# issue 13: inline sharing (`@bot words` in any chat; the button under a shared result)
inline-read-button = 📖 წაიკითხეთ ბოტში

# issue 13 leftovers: /help tells readers about inline sharing (`@bot words` in any chat)
help-inline = 🔗 სტატიის გასაზიარებლად ნებისმიერ ჩატში აკრიფეთ იქ <code>{ $bot } სიტყვები</code> და აირჩიეთ შესაბამისი სათაური (სიტყვების გარეშე: უახლესები).
