"""The Persian (fa) catalogue of the command line's one-line messages: errors (instrument
YAML, data files, output files, option values) and warnings printed on stderr under
``--lang fa``. Read by :meth:`cemsurvey.report.i18n.Translator.message`, not merged with the
report's catalogue: here a placeholder is a value (a file name, a column, a number) and is
kept exactly as found; only a placeholder whose name ends in ``msg`` holds a message that is
translated in turn. A message with no entry stays English.

A message about a file usually starts with its location (``file:line:col: ``); an entry
needs only the text after it (the location is kept as written).
"""

_NOT_REGULAR = "(a pipe, socket or device); save the content to a file and give its path"
_NOT_REGULAR_FA = "(لوله، سوکت یا دستگاه)؛ محتوا را در یک فایل ذخیره کنید و مسیر آن را بدهید"

MESSAGES: dict[str, str] = {
    # ------------------------------------------------------------------ the line itself
    "error: {msg}": "خطا: {msg}",
    "warning: {msg}": "هشدار: {msg}",
    "note: {msg}": "یادداشت: {msg}",
    # analyze's step notes ("<step>: ..."); group labels and counts are values, kept
    "invariance: {msg}": "ناوردایی: {msg}",
    "multi-group fits by FIML (every respondent with at least one answer): n = {n} ({groups})":
        "برازش‌های چندگروهی با FIML (هر پاسخ‌دهنده با دست‌کم یک پاسخ): n = {n} ({groups})",
    "error: {msg} (see '{command} --help')": "خطا: {msg} (راهنما: '{command} --help')",
    "error: interrupted": "خطا: اجرا قطع شد",
    "wrote {path}": "فایل {path} نوشته شد",
    "wrote {path} ({what})": "فایل {path} نوشته شد ({what})",
    "instrument: {path}": "پرسشنامه: {path}",
    "shuffled with seed {seed}; pass --seed {again} to reproduce this order":
        "با بذر تصادفی {seed} بر زده شد؛ برای تکرار همین ترتیب --seed {again} را بدهید",
    "simulated {n} respondents (seed {seed}, {share} careless) -> {path}":
        "{n} پاسخ‌دهنده شبیه‌سازی شد (بذر تصادفی {seed}، {share} بی‌دقت) -> {path}",
    "analyzed in {t} s": "تحلیل در {t} ثانیه انجام شد",
    "done in {t} s; open {path} in a browser":
        "در {t} ثانیه پایان یافت؛ {path} را در مرورگر باز کنید",
    "error: internal error ({detail}); rerun with --traceback and report it":
        "خطا: خطای داخلی ({detail})؛ فرمان را با --traceback دوباره اجرا و خطا را گزارش کنید",
    # ------------------------------------------------------------------ option values (usage)
    "Invalid value for {option}: {msg}": "مقدار نامعتبر برای {option}: {msg}",
    "Invalid value: {msg}": "مقدار نامعتبر: {msg}",
    "No such option: {option}": "چنین گزینه‌ای وجود ندارد: {option}",
    "No such option: {option} Did you mean {other}?":
        "چنین گزینه‌ای وجود ندارد: {option}؛ منظورتان {other} بود؟",
    "No such command {name}.": "چنین فرمانی وجود ندارد: {name}.",
    "No such command {name}. Did you mean {other}?":
        "چنین فرمانی وجود ندارد: {name}؛ منظورتان {other} بود؟",
    "Missing argument {name}.": "آرگومان {name} داده نشده است.",
    "Missing option {name}.": "گزینه {name} داده نشده است.",
    "Option {option} requires an argument.": "گزینه {option} به یک مقدار نیاز دارد.",
    "Input should be greater than or equal to {v}": "مقدار باید بزرگ‌تر یا مساوی {v} باشد",
    "Input should be less than or equal to {v}": "مقدار باید کوچک‌تر یا مساوی {v} باشد",
    "Input should be a valid integer, unable to parse string as an integer":
        "مقدار باید عدد صحیح باشد؛ این متن عدد صحیح نیست",
    "Input should be a valid number, unable to parse string as a number":
        "مقدار باید عدد باشد؛ این متن عدد نیست",
    "Value error, {value} is not one of {choices}.": "{value} یکی از این مقادیر نیست: {choices}.",
    "{value} is not a seed; use a whole number from 0 to 4294967295":
        "{value} بذر تصادفی معتبری نیست؛ عددی صحیح از 0 تا 4294967295 بدهید",
    "use en or fa, got {value}": "en یا fa بدهید، داده شده: {value}",
    "use latin or fa, got {value}": "latin یا fa بدهید، داده شده: {value}",
    "use 'error' or 'missing'": "'error' یا 'missing' بدهید",
    "unknown source {value}; use one of: {choices}":
        "منبع ناشناخته {value}؛ یکی از این‌ها را بدهید: {choices}",
    "csv is not available for sample-size; use table or json":
        "خروجی csv برای sample-size وجود ندارد؛ table یا json را بدهید",
    "import prints a table or JSON; the CSV goes to -o":
        "import جدول یا JSON چاپ می‌کند؛ فایل CSV در -o نوشته می‌شود",
    "analyze prints table or json; use --xlsx for spreadsheets":
        "analyze جدول یا json چاپ می‌کند؛ برای صفحه‌گسترده از --xlsx استفاده کنید",
    "{value} is not one of the instrument's languages ({langs})":
        "{value} از زبان‌های پرسشنامه ({langs}) نیست",
    "alpha must be between 0 and 1 (e.g. 0.05), got {value}":
        "سطح معناداری باید بین 0 و 1 باشد (مثلاً 0.05)، داده شده: {value}",
    "unknown step {value}; choose from {choices}":
        "گام ناشناخته {value}؛ از این‌ها انتخاب کنید: {choices}",
    "the step list names no step; choose from {choices}":
        "فهرست گام‌ها هیچ گامی را نام نمی‌برد؛ از این‌ها انتخاب کنید: {choices}",
    "unknown rotation {value}; use {choices}": "چرخش ناشناخته {value}؛ یکی از این‌ها را بدهید: {choices}",
    "--monte-carlo simulates the model's paths: add --model MODEL.yaml":
        "--monte-carlo مسیرهای مدل را شبیه‌سازی می‌کند: --model MODEL.yaml را اضافه کنید",
    "{value} is not a comma-separated list of whole numbers; write for example --n-grid "
    "100,150,200,300":
        "{value} فهرستی از اعداد صحیح جداشده با ویرگول نیست؛ برای نمونه بنویسید --n-grid "
        "100,150,200,300",
    # ------------------------------------------------------------------ sample-size values
    "format {name} writes a binary .xlsx file; give -o FILE.xlsx":
        "قالب {name} فایل دودویی ‎.xlsx می‌نویسد؛ -o FILE.xlsx را بدهید",
    "--report, --xlsx, --markdown and --docx must be different files":
        "--report و --xlsx و --markdown و --docx باید فایل‌های جداگانه باشند",
    "{n} respondents x {k} items = {total} answers is above the limit of {limit} held in "
    "memory at once (this instrument: at most {most} respondents); simulate fewer, or several "
    "files with different --seed values":
        "{n} پاسخ‌دهنده × {k} گویه = {total} پاسخ، بیش از سقف {limit} پاسخ است که یک‌جا در حافظه "
        "نگه داشته می‌شود (برای این پرسشنامه حداکثر {most} پاسخ‌دهنده)؛ شمار کمتری شبیه‌سازی کنید "
        "یا چند فایل با مقدارهای متفاوت --seed بسازید",
    "the responses go to -o; --format is table or json":
        "پاسخ‌ها در -o نوشته می‌شوند؛ --format یکی از table یا json است",
    "{value}: write QUESTION=CONSTRUCT:D, e.g. gender=SAT:0.5":
        "{value}: به شکل QUESTION=CONSTRUCT:D بنویسید، برای نمونه gender=SAT:0.5",
    "null path {path} is not a path of the model; paths are: {paths}":
        "مسیر صفر {path} از مسیرهای مدل نیست؛ مسیرهای مدل: {paths}",
    "language {value} is not one of the instrument's languages ({langs}); pass --lang {lang} "
    "or add {other} to 'languages' with its texts":
        "زبان {value} از زبان‌های پرسشنامه ({langs}) نیست؛ --lang {lang} را بدهید یا {other} را "
        "با متن‌هایش به 'languages' بیفزایید",
    "bootstrap {n} is above the limit of {limit} resamples (each one refits the model and is "
    "kept in memory); 5,000 to 10,000 give stable intervals":
        "بوت‌استرپ {n} بیش از سقف {limit} نمونه‌گیری دوباره است (هر نمونه مدل را دوباره برازش "
        "می‌کند و در حافظه می‌ماند)؛ 5,000 تا 10,000 نمونه فاصله‌های پایدار می‌دهد",
    "{ci} is not an interval of --method {method}; use {choices}":
        "{ci} فاصله‌ای برای --method {method} نیست؛ {choices} را به کار ببرید",
    "the sample size comes out as inf (beyond any number); check the inputs: a margin of error "
    "far smaller than the SD, or an infinite value":
        "حجم نمونه بی‌نهایت (inf) به دست می‌آید؛ ورودی‌ها را بررسی کنید: حاشیه خطایی بسیار "
        "کوچک‌تر از انحراف معیار، یا مقداری نامتناهی",
    "{option} must be between 0 and 1 (exclusive), got {value}":
        "{option} باید بین 0 و 1 باشد (بدون خود 0 و 1)، داده شده: {value}",
    "{option} must be at least 1, got {value}": "{option} باید دست‌کم 1 باشد، داده شده: {value}",
    "{option} must be in (0, 1], got {value}":
        "{option} باید در بازه (0، 1] باشد، داده شده: {value}",
    # ------------------------------------------------------------------ the instrument YAML
    "the file holds the control character {char}, which YAML does not allow; delete it (only "
    "printable text, tabs and line breaks may appear)":
        "فایل نویسه کنترلی {char} دارد که YAML آن را نمی‌پذیرد؛ آن را پاک کنید (تنها متن "
        "چاپ‌شدنی، تب و شکست خط مجاز است)",
    "lists and mappings are nested more than {depth} deep; a model file nests a few levels "
    "(constructs > items > text); remove the extra brackets or indentation":
        "فهرست‌ها و نگاشت‌ها بیش از {depth} سطح تودرتو شده‌اند؛ فایل مدل چند سطح بیشتر ندارد "
        "(سازه‌ها > گویه‌ها > متن)؛ کروشه‌ها یا تورفتگی‌های اضافی را بردارید",
    "unsupported YAML tag {tag}; remove it: a model file holds only text, numbers, true/false, "
    "lists and mappings":
        "برچسب YAML پشتیبانی‌نشده {tag}؛ آن را بردارید: فایل مدل تنها متن، عدد، true/false، "
        "فهرست و نگاشت دارد",
    "the file expands to more than {n} values (anchors '&' and aliases '*' nested inside each "
    "other); write the values out":
        "فایل به بیش از {n} مقدار گسترش می‌یابد (لنگرهای '&' و ارجاع‌های '*' تودرتو)؛ مقدارها "
        "را کامل بنویسید",
    "an alias '*' refers to a list or mapping that contains it (a cycle); write the values out":
        "یک ارجاع '*' به فهرست یا نگاشتی اشاره می‌کند که خودش را در بر دارد (چرخه)؛ مقدارها را "
        "کامل بنویسید",
    "{field} should be less than or equal to {v}, found {value}":
        "{field} باید کوچک‌تر یا مساوی {v} باشد، یافت شد: {value}",
    "{field} should be greater than or equal to {v}, found {value}":
        "{field} باید بزرگ‌تر یا مساوی {v} باشد، یافت شد: {value}",
    "{field} should be a finite number (not .nan or .inf), found {value}":
        "{field} باید عددی متناهی باشد (نه ‎.nan یا ‎.inf)، یافت شد: {value}",
    "YAML merge keys (<<) are not supported; write the keys out":
        "کلیدهای ادغام YAML (<<) پشتیبانی نمی‌شوند؛ کلیدها را کامل بنویسید",
    "the file holds more than one YAML document (a second '---' line); keep one model per file":
        "فایل بیش از یک سند YAML دارد (خط '---' دوم)؛ در هر فایل تنها یک مدل نگه دارید",
    "YAML syntax error: {detail}; indent with spaces, not tabs":
        "خطای نحوی YAML: {detail}؛ تورفتگی را با فاصله بدهید، نه با تب",
    "YAML syntax error: {detail}": "خطای نحوی YAML: {detail}",
    "the file is not UTF-8 text; save it as UTF-8":
        "فایل متن UTF-8 نیست؛ آن را با کدگذاری UTF-8 ذخیره کنید",
    "the file is empty; run 'cemsurvey init' for a starter model":
        "فایل خالی است؛ برای یک مدل آغازین 'cemsurvey init' را اجرا کنید",
    "expected a mapping of keys (title, constructs, ...), found {kind}":
        "نگاشتی از کلیدها (title، constructs، ...) انتظار می‌رفت، اما {kind} یافت شد",
    "key {key} is given twice (first at line {line}); remove one":
        "کلید {key} دو بار آمده است (نخستین بار در خط {line})؛ یکی را حذف کنید",
    "{what} id: {value} is not a valid identifier: start with a letter, then letters, digits "
    "or _":
        "شناسه {what}: {value} شناسه معتبری نیست: با یک حرف آغاز کنید و پس از آن حرف، رقم یا _ "
        "بیاورید",
    "unknown key {key} in {where} (allowed: {allowed})":
        "کلید ناشناخته {key} در {where} (کلیدهای مجاز: {allowed})",
    "language {value} is not one of the model's languages: {langs}":
        "زبان {value} از زبان‌های مدل نیست: {langs}",
    "the file holds {size} bytes, more than a model file may ({limit}; a 1,000-item instrument "
    "is about 300 KB); check that this is the instrument YAML":
        "فایل {size} بایت دارد، بیش از اندازه مجاز فایل مدل ({limit}؛ پرسشنامه‌ای با 1,000 گویه "
        "حدود 300 کیلوبایت است)؛ بررسی کنید که این فایل YAML پرسشنامه باشد",
    "{path} is a directory; give the model's .yaml file":
        "{path} یک پوشه است؛ فایل ‎.yaml مدل را بدهید",
    "model file not found: {path}; check the path":
        "فایل مدل یافت نشد: {path}؛ مسیر را بررسی کنید",
    "model file cannot be read ({reason}); check the path":
        "فایل مدل خوانده نمی‌شود ({reason})؛ مسیر را بررسی کنید",
    "model file is not a regular file " + _NOT_REGULAR:
        "فایل مدل یک فایل معمولی نیست " + _NOT_REGULAR_FA,
    "model file file not found (a part of the path is not a directory); check the path":
        "فایل مدل یافت نشد (بخشی از مسیر پوشه نیست)؛ مسیر را بررسی کنید",
    # ------------------------------------------------------------------ thresholds file
    "unknown threshold {name} (known: {known})": "آستانه ناشناخته {name} (آستانه‌های شناخته: {known})",
    "threshold {name}: {value} is not a finite number; give a number such as 0.7":
        "آستانه {name}: {value} عدد متناهی نیست؛ عددی مانند 0.7 بدهید",
    "threshold {name}: could not convert string to float: {value}; give a number such as 0.7":
        "آستانه {name}: {value} عدد نیست؛ عددی مانند 0.7 بدهید",
    "expected a mapping of threshold names to values":
        "نگاشتی از نام آستانه‌ها به مقدارها انتظار می‌رفت",
    "the thresholds file is not UTF-8 text; save it as UTF-8":
        "فایل آستانه‌ها متن UTF-8 نیست؛ آن را با کدگذاری UTF-8 ذخیره کنید",
    "thresholds file is not a regular file " + _NOT_REGULAR:
        "فایل آستانه‌ها یک فایل معمولی نیست " + _NOT_REGULAR_FA,
    "thresholds file file not found; check the path":
        "فایل آستانه‌ها یافت نشد؛ مسیر را بررسی کنید",
    "thresholds file is a directory; give a file": "فایل آستانه‌ها یک پوشه است؛ یک فایل بدهید",
    # ------------------------------------------------------------------ mapping file
    "byte {byte} of the mapping file is not UTF-8 text; save it as UTF-8":
        "بایت {byte} فایل نگاشت متن UTF-8 نیست؛ آن را با کدگذاری UTF-8 ذخیره کنید",
    "{msg}; write 'column header: item_id' lines":
        "{msg}؛ سطرهایی به شکل 'column header: item_id' بنویسید",
    "expected 'column header: item_id' lines":
        "سطرهایی به شکل 'column header: item_id' انتظار می‌رفت",
    "column {column} maps to {value}; write one item id after the colon":
        "ستون {column} به {value} نگاشته شده است؛ پس از دونقطه تنها یک شناسه گویه بنویسید",
    "row {row} has one value ({value}); write 'column header,item_id'":
        "سطر {row} تنها یک مقدار دارد ({value})؛ بنویسید 'column header,item_id'",
    "{column} -> {target}, but {name} is not an item, attention check or background question "
    "of the model; fix the mapping file":
        "{column} -> {target}، اما {name} گویه، پرسش توجه یا پرسش زمینه‌ای مدل نیست؛ فایل نگاشت "
        "را اصلاح کنید",
    "column {column} is not in {file} (its headers include {headers}); fix the header in the "
    "mapping file":
        "ستون {column} در {file} نیست (سرستون‌های آن از جمله {headers})؛ سرستون را در فایل "
        "نگاشت اصلاح کنید",
    "mapping file is not a regular file " + _NOT_REGULAR:
        "فایل نگاشت یک فایل معمولی نیست " + _NOT_REGULAR_FA,
    "mapping file file not found; check the path": "فایل نگاشت یافت نشد؛ مسیر را بررسی کنید",
    "mapping file is a directory; give a file": "فایل نگاشت یک پوشه است؛ یک فایل بدهید",
    # ------------------------------------------------------------------ data files
    "the file is empty; export the responses again":
        "فایل خالی است؛ پاسخ‌ها را دوباره از سامانه پرسشنامه برون‌بری کنید",
    "the file holds only blank characters; export the responses again":
        "فایل تنها نویسه‌های خالی دارد؛ پاسخ‌ها را دوباره برون‌بری کنید",
    "this is UTF-16 or binary data, not CSV text; save the export as 'CSV UTF-8' (Excel: File "
    "> Save As > CSV UTF-8)":
        "این داده UTF-16 یا دودویی است، نه متن CSV؛ خروجی را به شکل 'CSV UTF-8' ذخیره کنید "
        "(Excel: File > Save As > CSV UTF-8)",
    "this is an Excel/zip file with a text extension; rename it to .xlsx":
        "این یک فایل Excel/zip با پسوند متنی است؛ پسوند آن را به ‎.xlsx تغییر دهید",
    "the file has a header but no respondents; export the responses again after people have "
    "answered":
        "فایل سطر عنوان دارد اما هیچ پاسخ‌دهنده‌ای ندارد؛ پس از پاسخ دادن افراد، پاسخ‌ها را "
        "دوباره برون‌بری کنید",
    "row {row} has {fields} fields but the header has {header}; fix that row (a stray delimiter "
    "or an unquoted comma in a text answer)":
        "سطر {row} دارای {fields} فیلد است اما سطر عنوان {header} فیلد دارد؛ آن سطر را اصلاح "
        "کنید (جداکننده‌ای اضافی یا ویرگولی بدون نقل‌قول در یک پاسخ متنی)",
    "the header row has a single column (no ',', ';', tab or '|' found); save the export as CSV "
    "with a comma or semicolon delimiter":
        "سطر عنوان تنها یک ستون دارد (هیچ ',' یا ';' یا تب یا '|' یافت نشد)؛ خروجی را به شکل "
        "CSV با جداکننده ویرگول یا نقطه‌ویرگول ذخیره کنید",
    "no header row with column names; export the responses again":
        "سطر عنوانی با نام ستون‌ها وجود ندارد؛ پاسخ‌ها را دوباره برون‌بری کنید",
    "row {row}, column {column}: {value} is not one of the codes {codes} or labels such as "
    "{labels}; correct it, or pass --invalid missing to count such answers as missing":
        "سطر {row}، ستون {column}: {value} هیچ‌یک از کدهای {codes} یا برچسب‌هایی مانند {labels} "
        "نیست؛ آن را اصلاح کنید یا با --invalid missing چنین پاسخ‌هایی را گمشده بشمارید",
    "item {item} not found among the {n} columns; closest unmatched headers: {headers}; rename "
    "the column to the item id or pass --mapping FILE":
        "گویه {item} در میان {n} ستون یافت نشد؛ نزدیک‌ترین سرستون‌های نگاشته‌نشده: {headers}؛ "
        "نام ستون را به شناسه گویه تغییر دهید یا --mapping FILE را بدهید",
    "item {item} (and {k} more: {items}) not found among the {n} columns; closest unmatched "
    "headers: {headers}; rename the column to the item id or pass --mapping FILE":
        "گویه {item} (و {k} گویه دیگر: {items}) در میان {n} ستون یافت نشد؛ نزدیک‌ترین "
        "سرستون‌های نگاشته‌نشده: {headers}؛ نام ستون را به شناسه گویه تغییر دهید یا --mapping "
        "FILE را بدهید",
    "none similar": "هیچ سرستون مشابهی نیست",
    "no unmatched columns": "هیچ ستون نگاشته‌نشده‌ای نمانده است",
    "none (every column is used)": "هیچ (همه ستون‌ها به کار رفته‌اند)",
    "columns {a} and {b} both match {target}; delete one or say which with --mapping":
        "ستون‌های {a} و {b} هر دو با {target} جور می‌شوند؛ یکی را حذف کنید یا با --mapping "
        "مشخص کنید کدام",
    "duplicated column name {name} (columns {a} and {b}); rename or delete one of them":
        "نام ستون تکراری {name} (ستون‌های {a} و {b})؛ نام یکی را تغییر دهید یا آن را حذف کنید",
    "cannot open the workbook ({reason}); re-save it in Excel":
        "فایل کاربرگ باز نمی‌شود ({reason})؛ آن را دوباره در Excel ذخیره کنید",
    "cannot read the SPSS file ({reason}); re-save it from SPSS":
        "فایل SPSS خوانده نمی‌شود ({reason})؛ آن را دوباره از SPSS ذخیره کنید",
    "old Excel .xls files are not read; save the sheet as .xlsx or CSV":
        "فایل‌های قدیمی ‎.xls اکسل خوانده نمی‌شوند؛ کاربرگ را به شکل ‎.xlsx یا CSV ذخیره کنید",
    "is not a regular file " + _NOT_REGULAR: "فایل معمولی نیست " + _NOT_REGULAR_FA,
    "is a directory; give a file": "یک پوشه است؛ یک فایل بدهید",
    "file not found; check the path": "فایل یافت نشد؛ مسیر را بررسی کنید",
    "cannot be read ({reason}); check the path": "خوانده نمی‌شود ({reason})؛ مسیر را بررسی کنید",
    # ------------------------------------------------------------------ output files
    "is an input of this command ({path}); refusing to overwrite the input file, even with "
    "--force; choose another output path":
        "از ورودی‌های این فرمان است ({path})؛ فایل ورودی حتی با --force بازنویسی نمی‌شود؛ "
        "مسیر خروجی دیگری برگزینید",
    "file exists; pass --force to overwrite it":
        "فایل وجود دارد؛ برای بازنویسی آن گزینه --force را بدهید",
    "directory {path} does not exist; create it first":
        "پوشه {path} وجود ندارد؛ نخست آن را بسازید",
    "cannot write the file ({reason}); check the path and try again":
        "فایل نوشته نمی‌شود ({reason})؛ مسیر را بررسی کنید و دوباره بکوشید",
    "cannot write the file (File name too long); choose a shorter file name":
        "فایل نوشته نمی‌شود (نام فایل بیش از حد بلند است)؛ نام کوتاه‌تری برگزینید",
    "is a directory; give a file name": "یک پوشه است؛ نام یک فایل را بدهید",
    "is not a regular file (a link, pipe or device); choose another path":
        "فایل معمولی نیست (پیوند، لوله یا دستگاه)؛ مسیر دیگری برگزینید",
    # ------------------------------------------------------------------ warnings
    "not valid UTF-8; read as Windows-1256 (Persian/Arabic Windows). Check the Persian text, "
    "and save as 'CSV UTF-8' next time":
        "فایل UTF-8 معتبر نیست و با کدگذاری Windows-1256 (ویندوز فارسی/عربی) خوانده شد. متن "
        "فارسی را بررسی کنید و دفعه بعد به شکل 'CSV UTF-8' ذخیره کنید",
    "attention check(s) {ids} declared in the model are not in the file; they were not screened":
        "پرسش(های) توجه {ids} که در مدل آمده‌اند در فایل نیستند؛ غربال با آن‌ها انجام نشد",
    "{total} answers that map to no code were set missing ({columns}); check them":
        "{total} پاسخ که به هیچ کدی نگاشته نمی‌شوند گمشده در نظر گرفته شدند ({columns})؛ آن‌ها "
        "را بررسی کنید",
}
