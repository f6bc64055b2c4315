# newsbot — ქართული. Values are HTML for Telegram's HTML parse mode: only Telegram's tags,
# and `&`, `<`, `>` written as entities. Arguments are escaped by the translator.

## Readers

start-greeting =
    👋 გამარჯობა, { $name }!
    გიგზავნით უახლეს ამბებს: { $desk }.

    /latest — უახლესი სათაურები
    /read <i>ნომერი</i> — სტატიის წაკითხვა
    /language — ენის არჩევა (ქართული ან ინგლისური)
    /help — ყველა ბრძანება
help-text =
    <b>ბრძანებები</b>
    /latest — უახლესი სათაურები (შეგიძლიათ მიუთითოთ რაოდენობა, მაქსიმუმ { $max }: <code>/latest 10</code>)
    /read <i>ნომერი</i> — სტატიის წაკითხვა (<code>/read 12</code> ან /read_12)
    /language — ენის არჩევა
    /help — ეს სია
help-editor-text =
    <b>რედაქტორებისთვის</b>
    /post — ახალი სტატიის დაწერა ეტაპობრივად
    <code>/post სათაური</code> და ტექსტი შემდეგ ხაზებზე — გამოქვეყნება ერთი შეტყობინებით
    /done — ტექსტის დასრულება და წინასწარი ნახვა
    /publish — მონახაზის გამოქვეყნება
    /cancel — მონახაზის გაუქმება

latest-title = 📰 <b>უახლესი ამბები</b>
latest-empty = ჯერ არცერთი სტატია არ გამოქვეყნებულა.
latest-no-more = უფრო ძველი სტატიები არ არის.
latest-bad-count = მიუთითეთ სათაურების რაოდენობა 1-დან { $max }-მდე, მაგალითად: <code>/latest 10</code>.
latest-clamped = ერთდროულად ნაჩვენებია მაქსიმუმ { $max } სათაური.
button-more = ძველი ›
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
post-published = ✅ გამოქვეყნდა სტატია { $id }: /read_{ $id }
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

## Headline alerts (sent on schedule to subscribed chats)

alert-title = 📰 <b>ახალი ამბები</b>
alert-more = …და კიდევ { $count } — /latest

## Everywhere

button-stale = ეს ღილაკი აღარ მოქმედებს.
text-hint = გამოგზავნეთ /latest უახლესი სათაურებისთვის ან /help ყველა ბრძანებისთვის.
unknown-command = ეს ბრძანება არ ვიცი. იხილეთ /help.
error-generic = ბოდიში, ჩვენს მხარეს რაღაც შეცდომა მოხდა. გთხოვთ, სცადოთ მოგვიანებით.

## Command menu (plain text, shown by Telegram)

command-start = მისალმება და გაცნობა
command-latest = უახლესი სათაურები
command-read = სტატიის წაკითხვა ნომრით
command-language = ენის არჩევა
command-help = ყველა ბრძანება
