"""The Persian (fa) catalogue, part 5: the printed output of ``cemsurvey import`` (its
screening hints and the closing note) and ``cemsurvey sample-size`` (the sample-size
table: methods, assumptions, recommendation, notes and warnings; the Monte Carlo power
tables). Merged with the other parts by :func:`cemsurvey.report.i18n.catalogue`.

Terminology follows Persian research-methods textbooks: حجم نمونه، فرمول کوکران،
جدول کرجسی و مورگان، فرمول یامانه، توان آزمون، سطح معناداری، برازش نزدیک.
"""

MESSAGES: dict[str, str] = {
    # ------------------------------------------------------------------ import
    "Flagged respondents were dropped.": "پاسخ‌دهندگان علامت‌خورده حذف شدند.",
    "Pass --drop to exclude flagged respondents.":
        "برای کنار گذاشتن پاسخ‌دهندگان علامت‌خورده، گزینه --drop را بدهید.",
    "Turn a rule off with --no-<rule>.": "هر قاعده با گزینه --no-<rule> خاموش می‌شود.",
    "wrote {path} ({n} respondents x {k} items)":
        "فایل {path} نوشته شد ({n} پاسخ‌دهنده × {k} گویه)",
    # ------------------------------------------------------------------ sample size
    "Sample size": "حجم نمونه",
    "assumptions": "مفروضات", "invitations": "دعوت‌نامه‌ها", "power at N": "توان آزمون در N",
    "Cochran (1977)": "فرمول کوکران (1977)",
    "Cochran (1977) with FPC": "فرمول کوکران (1977) با تصحیح جامعه متناهی (FPC)",
    "Cochran (1977), mean": "فرمول کوکران (1977) برای میانگین",
    "Krejcie & Morgan (1970)": "جدول کرجسی و مورگان (1970)",
    "Yamane (1967)": "فرمول یامانه (1967)",
    "MacCallum et al. (1996), {fit}": "مک‌کالوم و همکاران (1996)، {fit}",
    "close fit": "برازش نزدیک", "not-close fit": "برازش غیرنزدیک", "exact fit": "برازش دقیق",
    "Kock & Hadaya (2018), inverse square root":
        "کاک و هادایا (2018)، روش معکوس ریشه دوم",
    "10-times rule (Barclay et al. 1995)": "قاعده ده برابر (بارکلی و همکاران 1995)",
    "{c} confidence": "سطح اطمینان {c}",
    "power {v}": "توان آزمون {v}",
    "alpha {v}": "سطح معناداری {v}",
    "{k} arrows into one construct": "{k} پیکان ورودی به یک سازه",
    "e = {v} scale units": "e = {v} واحد مقیاس",
    "N = infinite": "N = نامتناهی",
    "H0 RMSEA = {a} vs Ha {b}": "H0: RMSEA = {a} در برابر Ha: {b}",
    "Recommended: {r}": "حجم پیشنهادی: {r}",
    "{n} respondents satisfy every method shown; the largest requirement is {m} ({i} "
    "invitations at a {r} response rate).":
        "{n} پاسخ‌دهنده نیاز همه روش‌های جدول را برآورده می‌کند؛ بزرگ‌ترین حجم لازم از آنِ "
        "{m} است ({i} دعوت‌نامه با نرخ پاسخ {r}).",
    "{n} respondents satisfy every method shown; the largest requirement is {m}.":
        "{n} پاسخ‌دهنده نیاز همه روش‌های جدول را برآورده می‌کند؛ بزرگ‌ترین حجم لازم از آنِ "
        "{m} است.",
    "Model: CFA df = {a}, structural model df = {b} (used by the RMSEA tests), largest number "
    "of arrows into one construct = {c}.":
        "مدل: df تحلیل عاملی تأییدی (CFA) = {a}، df مدل ساختاری = {b} (مبنای آزمون‌های RMSEA)، "
        "بیشترین شمار پیکان‌های ورودی به یک سازه = {c}.",
    "Krejcie & Morgan (1970) table row: N = {a} -> S = {b}.":
        "سطر جدول کرجسی و مورگان (1970): برای N = {a}، S = {b}.",
    "the RMSEA tests need only {a}-{b} respondents at df = {df}, but an ML fit needs more "
    "respondents than its {k} items (a non-singular covariance matrix); do not plan on the "
    "RMSEA minimum alone":
        "آزمون‌های RMSEA در df = {df} تنها {a} تا {b} پاسخ‌دهنده لازم دارند، اما برازش ML "
        "پاسخ‌دهندگانی بیش از {k} گویه مدل می‌خواهد (ماتریس کوواریانس نامنفرد)؛ حجم نمونه را "
        "تنها بر پایه کمینه RMSEA برنامه‌ریزی نکنید",
    "the 10-times rule was skipped: the model has no structural paths":
        "قاعده ده برابر به کار نرفت: مدل مسیر ساختاری ندارد",
    "{label}: power at N = {n} is {p}, below the target {t}":
        "{label}: توان آزمون در N = {n} برابر {p} است، کمتر از توان هدف {t}",
}
