"""The Persian (fa) catalogue of the report's strings: English source -> Persian.

Terminology follows Persian methodology textbooks (آلفای کرونباخ، پایایی ترکیبی، میانگین
واریانس استخراج‌شده، روایی همگرا و واگرا); Latin abbreviations (CFI, RMSEA, SRMR, AVE, HTMT)
stay beside the Persian names and citations stay as published. Keys with ``{name}`` are
templates (see :mod:`cemsurvey.report.i18n`). Add a new report module's strings here.
"""

MESSAGES: dict[str, str] = {
    # ------------------------------------------------------------------ page and navigation
    "What to report": "آنچه باید گزارش شود",
    "Model": "مدل",
    "Steps and notes": "مراحل و یادداشت‌ها",
    "Steps": "مراحل",
    "Warnings": "هشدارها",
    "cemsurvey analysis": "تحلیل cemsurvey",
    "Data: {path}": "داده‌ها: {path}",
    "structural method: {m}": "روش مدل ساختاری: {m}",
    "bootstrap: {b}": "بوت‌استرپ: {b}",
    "seed: {s}": "بذر تصادفی: {s}",
    "missing: {m}": "داده‌های گمشده: {m}",
    "Data: {path} (simulated, seed {seed}); N = {n}.": "داده‌ها: {path} (شبیه‌سازی‌شده، بذر {seed})؛ N = {n}.",
    "Data: {path}; N = {n}.": "داده‌ها: {path}؛ N = {n}.",
    "every verdict names its rule and source; thresholds can be changed with --thresholds FILE.":
        "هر داوری قاعده و منبع خود را نام می‌برد؛ آستانه‌ها با --thresholds FILE تغییرپذیرند.",
    "Table {n}": "جدول {n}",
    "Note.": "یادداشت.",
    "... {n} more (--full or the report)": "... {n} سطر دیگر (--full یا گزارش)",
    "warning: {w}": "هشدار: {w}",
    "cfa: {w}": "CFA: {w}", "efa: {w}": "EFA: {w}", "structural: {w}": "مدل ساختاری: {w}",
    "reliability: {w}": "پایایی: {w}", "validity: {w}": "روایی: {w}",
    "import: {w}": "ورود: {w}", "groups: {w}": "گروه‌ها: {w}",
    # ------------------------------------------------------------------ step titles
    "Import": "ورود داده‌ها",
    "Import and screening": "ورود و غربال داده‌ها",
    "Screening": "غربال پاسخ‌دهندگان",
    "Sample profile": "نیمرخ نمونه",
    "Sample profile: numeric answers": "نیمرخ نمونه: پاسخ‌های عددی",
    "Item descriptives": "آمار توصیفی گویه‌ها",
    "Item descriptive statistics": "آمار توصیفی گویه‌ها",
    "Missing answers": "پاسخ‌های گمشده",
    "Reliability": "پایایی",
    "Reliability per construct": "پایایی هر سازه",
    "Item statistics": "آمار گویه‌ها",
    "Exploratory factor analysis": "تحلیل عاملی اکتشافی",
    "Confirmatory factor analysis": "تحلیل عاملی تأییدی",
    "Convergent and discriminant validity": "روایی همگرا و واگرا",
    "Structural model": "مدل ساختاری",
    "Structural model ({m})": "مدل ساختاری ({m})",
    "Constructs": "سازه‌ها",
    "Analysis steps": "مراحل تحلیل",
    "Variance explained": "واریانس تبیین‌شده",
    "Pattern loadings ({e}, {r})": "بارهای عاملی الگو ({e}، {r})",
    "{e} / {r} pattern loadings": "بارهای عاملی الگو ({e} / {r})",
    "Sampling adequacy and number of factors": "کفایت نمونه‌گیری و تعداد عامل‌ها",
    "Scree: eigenvalues and parallel-analysis thresholds": "نمودار سنگریزه: مقادیر ویژه و آستانه‌های تحلیل موازی",
    "CFA: factor loadings": "CFA: بارهای عاملی",
    "CFA: global fit": "CFA: برازش کلی",
    "CFA: largest modification indices": "CFA: بزرگ‌ترین شاخص‌های اصلاح",
    "CFA: latent correlations": "CFA: همبستگی‌های متغیرهای پنهان",
    "CB-SEM: global fit": "CB-SEM: برازش کلی",
    "CB-SEM: direct, indirect and total effects": "CB-SEM: اثرهای مستقیم، غیرمستقیم و کل",
    "Convergent validity: composite reliability and AVE":
        "روایی همگرا: پایایی ترکیبی و میانگین واریانس استخراج‌شده (AVE)",
    "Discriminant validity: heterotrait-monotrait ratio":
        "روایی واگرا: نسبت هتروتریت-مونوتریت (HTMT)",
    "Fornell-Larcker criterion": "معیار فورنل-لارکر (Fornell-Larcker)",
    "Structural model: explained variance": "مدل ساختاری: واریانس تبیین‌شده",
    "Structural model: hypothesis tests": "مدل ساختاری: آزمون فرضیه‌ها",
    "Structural model: specific indirect effects": "مدل ساختاری: اثرهای غیرمستقیم خاص",
    # ------------------------------------------------------------------ step names
    "import": "ورود", "screening": "غربال", "profile": "نیمرخ", "descriptives": "توصیفی",
    "missing": "گمشده", "reliability": "پایایی", "efa": "EFA", "cfa": "CFA",
    "validity": "روایی", "structural": "ساختاری", "groups": "گروه‌ها",
    "ok": "انجام شد", "not requested": "درخواست نشده", "skipped": "رد شد", "failed": "ناموفق",
    # ------------------------------------------------------------------ column headers
    "construct": "سازه", "construct 1": "سازه ۱", "construct 2": "سازه ۲", "name": "نام",
    "dimension": "بُعد", "items": "گویه‌ها", "item": "گویه", "reverse-keyed": "گویه‌های معکوس",
    "reverse": "معکوس", "reversed": "معکوس‌شده", "n": "n", "mean": "میانگین",
    "sd": "انحراف معیار", "median": "میانه", "min": "کمینه", "max": "بیشینه",
    "skew": "چولگی", "kurtosis": "کشیدگی", "step": "مرحله", "status": "وضعیت",
    "seconds": "ثانیه", "note": "یادداشت", "warnings": "هشدارها", "topic": "موضوع",
    "finding": "یافته", "verdict": "داوری", "rule": "قاعده", "threshold": "آستانه",
    "statistic": "آماره", "value": "مقدار", "index": "شاخص", "factor": "عامل",
    "eigenvalue": "مقدار ویژه", "reduced eigenvalue": "مقدار ویژه کاهش‌یافته",
    "proportion": "نسبت", "cumulative": "تجمعی", "SS loadings": "مجموع مجذور بارها",
    "loading": "بار عاملی", "standardized": "استانداردشده", "estimate": "برآورد",
    "SE (std)": "خطای معیار (استاندارد)", "hypothesis": "فرضیه", "path": "مسیر",
    "from": "از", "to": "به", "supported": "تأیید شد", "decision": "تصمیم",
    "direct": "مستقیم", "indirect": "غیرمستقیم", "total": "کل", "effect": "اثر",
    "alpha": "آلفا (α)", "alpha (std)": "آلفای استاندارد", "alpha if deleted": "آلفا در صورت حذف",
    "alpha verdict": "داوری آلفا", "omega": "امگا (ω)", "omega verdict": "داوری امگا",
    "Feldt 95% CI": "فاصله اطمینان ۹۵٪ فلت (Feldt)", "mean r": "میانگین r",
    "item-rest r": "همبستگی گویه با بقیه (r)", "item-rest verdict": "داوری همبستگی گویه با بقیه",
    "CR (rho_C)": "پایایی ترکیبی (CR, rho_C)", "CR verdict": "داوری پایایی ترکیبی",
    "AVE verdict": "داوری AVE", "HTMT verdict": "داوری HTMT", "HTMT CI lower": "کران پایین HTMT",
    "HTMT CI upper": "کران بالای HTMT", "CI lower": "کران پایین", "CI upper": "کران بالا",
    "bootstrap 95% CI": "فاصله اطمینان بوت‌استرپ ۹۵٪", "adjusted R2": "R2 تعدیل‌شده",
    "Bartlett chi2": "خی‌دو بارتلت", "Bartlett df": "درجه آزادی بارتلت", "Bartlett p": "p بارتلت",
    "KMO wording (Kaiser 1974)": "توصیف KMO (Kaiser 1974)", "factors extracted": "عامل‌های استخراج‌شده",
    "cross-loading": "بار متقاطع", "no cross-loading": "بدون بار متقاطع", "matches model": "مطابق مدل",
    "baseline chi2": "خی‌دو مدل پایه", "baseline df": "درجه آزادی مدل پایه",
    "chi2/df": "خی‌دو/درجه آزادی", "free parameters": "پارامترهای آزاد",
    "log-likelihood": "لگاریتم درست‌نمایی", "sample-size adjusted BIC": "BIC تعدیل‌شده با حجم نمونه",
    "RMSEA 90% CI": "فاصله اطمینان ۹۰٪ RMSEA", "RMSEA p-close (H0: RMSEA <= .05)":
        "p برازش نزدیک RMSEA (H0: RMSEA <= .05)", "std EPC": "تغییر مورد انتظار استاندارد (EPC)",
    "lhs": "سمت چپ", "op": "عملگر", "rhs": "سمت راست", "question": "پرسش", "answer": "پاسخ",
    "number": "تعداد", "respondents": "پاسخ‌دهندگان", "flagged": "علامت‌خورده", "checks": "بررسی‌ها",
    "sample": "نمونه", "file": "فایل", "source format": "قالب منبع", "missing data": "داده‌های گمشده",
    "yes": "بله", "no": "خیر", "plain": "ساده", "meritorious": "شایسته",
    "marvelous": "عالی", "middling": "متوسط", "mediocre": "ضعیف", "miserable": "بسیار ضعیف",
    "unacceptable": "غیرقابل‌قبول", "simulated (fa)": "شبیه‌سازی‌شده (fa)",
    "simulated (pc)": "شبیه‌سازی‌شده (pc)",
    "parallel analysis: components (pc)": "تحلیل موازی: مؤلفه‌ها (pc)",
    "parallel analysis: factors (SMC, fa)": "تحلیل موازی: عامل‌ها (SMC، fa)",
    "Kaiser criterion (eigenvalues > 1)": "معیار کایزر (مقادیر ویژه > 1)",
    # ------------------------------------------------------------------ screening and missing
    "duplicates": "تکراری‌ها", "straightlining": "پاسخ یکنواخت", "too_fast": "پاسخ بیش از حد سریع",
    "attention": "بررسی توجه", "outliers": "داده‌های پرت", "incomplete": "ناقص",
    "attention check answered wrongly": "پاسخ نادرست به پرسش بررسی توجه",
    "completion time below the minimum": "زمان تکمیل کمتر از حداقل",
    "longest run of one answer across the items": "طولانی‌ترین توالی یک پاسخ در گویه‌ها",
    "Mahalanobis distance, chi-square p below threshold": "فاصله ماهالانوبیس، p خی‌دو کمتر از آستانه",
    "repeated respondent id or identical answers": "شناسه تکراری یا پاسخ‌های یکسان",
    "too many unanswered items": "تعداد زیاد گویه‌های بی‌پاسخ",
    "respondents flagged by screening": "پاسخ‌دهندگان علامت‌خورده در غربال",
    "flagged respondents dropped": "پاسخ‌دهندگان علامت‌خورده حذف‌شده",
    "respondents kept": "پاسخ‌دهندگان نگه‌داشته‌شده", "respondents read": "پاسخ‌دهندگان خوانده‌شده",
    "respondents who answered every item": "پاسخ‌دهندگانی که به همه گویه‌ها پاسخ دادند",
    "respondents with no missing answer": "پاسخ‌دهندگان بدون پاسخ گمشده",
    "missing item answers (kept respondents)": "پاسخ‌های گمشده گویه‌ها (پاسخ‌دهندگان نگه‌داشته‌شده)",
    "missing item answers, share of cells": "پاسخ‌های گمشده گویه‌ها، سهم از خانه‌ها",
    "answers missing (share of all item answers)": "پاسخ‌های گمشده (سهم از همه پاسخ‌ها)",
    "missingness patterns": "الگوهای گمشدگی", "patterns of a single respondent": "الگوهای تک‌پاسخ‌دهنده",
    "constructs in the model": "سازه‌های مدل",
    "run >= {k} items": "توالی >= {k} گویه", "< {s} s": "< {s} ثانیه",
    "> {p} % missing": "> {p} ٪ گمشده", "p < {p}": "p < {p}",
    "Flagged respondents are kept (reported only).": "پاسخ‌دهندگان علامت‌خورده نگه داشته شدند (فقط گزارش شدند).",
    "No item answers were missing.": "هیچ پاسخی به گویه‌ها گمشده نبود.",
    "No missing answers: every analysis uses all respondents.": "بدون پاسخ گمشده: همه تحلیل‌ها از همه پاسخ‌دهندگان استفاده می‌کنند.",
    "screening flagged {k} of {n} respondents ({what}); kept (pass --drop to exclude them)":
        "غربال {k} پاسخ‌دهنده از {n} نفر را علامت زد ({what})؛ نگه داشته شدند (برای حذف --drop را بدهید)",
    "screening flagged {k} of {n} respondents (duplicates {rest}); kept (pass --drop to exclude them)":
        "غربال {k} پاسخ‌دهنده از {n} نفر را علامت زد (تکراری {rest})؛ نگه داشته شدند (برای حذف --drop را بدهید)",
    "{k}, straightlining {rest}": "{k}، پاسخ یکنواخت {rest}",
    "{k}, too_fast {rest}": "{k}، پاسخ سریع {rest}",
    "{k}, attention {rest}": "{k}، بررسی توجه {rest}",
    "{k}, outliers {rest}": "{k}، داده پرت {rest}",
    "{q}: {k} text answers, {m} missing.": "{q}: {k} پاسخ متنی، {m} گمشده.",
    "N = {n}; {k} respondents flagged by screening are still included (see the screening table).":
        "N = {n}؛ {k} پاسخ‌دهنده علامت‌خورده در غربال همچنان در تحلیل هستند (جدول غربال را ببینید).",
    "N = {n} respondents. Percentages are of valid answers; multiple-choice percentages are of respondents who answered the question and may add up to more than 100%.":
        "N = {n} پاسخ‌دهنده. درصدها از پاسخ‌های معتبرند؛ درصدهای پرسش‌های چندگزینه‌ای از پاسخ‌دهندگان به آن پرسش است و ممکن است جمعشان از ۱۰۰٪ بیشتر شود.",
    "N = {n}; codes as answered (reverse-keyed items not yet recoded).":
        "N = {n}؛ کدها همان‌گونه که پاسخ داده شده‌اند (گویه‌های معکوس هنوز بازکدگذاری نشده‌اند).",
    "Skewness and kurtosis: psych::describe type 3 (b1, b2 - 3); item-wise available cases.":
        "چولگی و کشیدگی: psych::describe نوع ۳ (b1، b2 - 3)؛ موارد در دسترس هر گویه.",
    "Skew and excess kurtosis: psych::describe type 3 (m3/s^3, m4/s^4 - 3).":
        "چولگی و کشیدگی مازاد: psych::describe نوع ۳ (m3/s^3، m4/s^4 - 3).",
    "|skew| > 2 or |kurtosis| > 7 suggests non-normality (Curran, West & Finch 1996).":
        "|چولگی| > 2 یا |کشیدگی| > 7 نشانه ناهنجاری توزیع است (Curran, West & Finch 1996).",
    "Missing answers: each item on the respondents who answered it (the n column).":
        "پاسخ‌های گمشده: هر گویه بر پایه پاسخ‌دهندگانی که به آن پاسخ دادند (ستون n).",
    "Missing answers: pairwise-complete correlations (each pair of items on the respondents who answered both); smallest pair n = {n} of {m} respondents.":
        "پاسخ‌های گمشده: همبستگی‌های زوجی کامل (هر جفت گویه بر پایه پاسخ‌دهندگانی که به هر دو پاسخ دادند)؛ کوچک‌ترین n زوجی = {n} از {m} پاسخ‌دهنده.",
    "Missing answers were handled per step: {rest}": "پاسخ‌های گمشده در هر مرحله جداگانه مدیریت شد: {rest}",
    "n = {n} (pairwise deletion; {m} respondents in the data).": "n = {n} (حذف زوجی؛ {m} پاسخ‌دهنده در داده‌ها).",
    "n = {n} (pairwise deletion; {m} respondents).": "n = {n} (حذف زوجی؛ {m} پاسخ‌دهنده).",
    "n = {n} respondents with every item answered (listwise).": "n = {n} پاسخ‌دهنده با پاسخ به همه گویه‌ها (حذف فهرستی).",
    "EM (maximum-likelihood) means and covariances: {k} iterations.":
        "میانگین‌ها و کوواریانس‌های EM (بیشینه درست‌نمایی): {k} تکرار.",
    "Reverse-keyed items were recoded (low + high) - code before analysis.":
        "گویه‌های معکوس پیش از تحلیل بازکدگذاری شدند (کمینه + بیشینه - کد).",
    "Total time: {s} s.": "زمان کل: {s} ثانیه.",
    # ------------------------------------------------------------------ rules (verdicts)
    "Cronbach's alpha >= .7 (>= .6 acceptable)": "آلفای کرونباخ >= .7 (>= .6 قابل‌قبول)",
    "McDonald's omega >= .7 (>= .6 acceptable)": "امگای مک‌دونالد >= .7 (>= .6 قابل‌قبول)",
    "composite reliability rho_C >= .7 (>= .6 acceptable)": "پایایی ترکیبی rho_C >= .7 (>= .6 قابل‌قبول)",
    "AVE >= .5": "میانگین واریانس استخراج‌شده (AVE) >= .5",
    "HTMT <= .85 (<= .9 acceptable)": "HTMT <= .85 (<= .9 قابل‌قبول)",
    "CFI >= .95 (>= .9 acceptable)": "CFI >= .95 (>= .9 قابل‌قبول)",
    "TLI >= .95 (>= .9 acceptable)": "TLI >= .95 (>= .9 قابل‌قبول)",
    "RMSEA <= .06 (<= .08 acceptable)": "RMSEA <= .06 (<= .08 قابل‌قبول)",
    "SRMR <= .08": "SRMR <= .08",
    "KMO >= .8 (>= .6 acceptable)": "KMO >= .8 (>= .6 قابل‌قبول)",
    "Bartlett p <= .05": "p آزمون بارتلت <= .05",
    "EFA loading >= .4": "بار عاملی EFA >= .4",
    "MSV < AVE": "MSV < AVE",
    "item-rest correlation >= .3 (>= .2 acceptable)": "همبستگی گویه با بقیه >= .3 (>= .2 قابل‌قبول)",
    "standardized loading >= .708 (>= .5 acceptable)": "بار عاملی استانداردشده >= .708 (>= .5 قابل‌قبول)",
    "sqrt(AVE) > every correlation with another construct": "جذر AVE > همه همبستگی‌ها با سازه‌های دیگر",
    "R^2 (weak >= .25) >= .25": "R^2 (ضعیف >= .25) >= .25",
    "CI excludes 1": "فاصله اطمینان شامل 1 نیست",
    "bootstrap CI of HTMT excludes 1": "فاصله اطمینان بوت‌استرپ HTMT شامل 1 نیست",
    # ------------------------------------------------------------------ summary sentences
    "Cronbach's alpha ranged from {lo} to {hi} across {k} constructs; below .70: {bad}.":
        "آلفای کرونباخ در {k} سازه از {lo} تا {hi} بود؛ کمتر از .70: {bad}.",
    "Cronbach's alpha ranged from {lo} to {hi} across {k} constructs.":
        "آلفای کرونباخ در {k} سازه از {lo} تا {hi} بود.",
    "McDonald's omega ranged from {lo} to {hi}.": "امگای مک‌دونالد از {lo} تا {hi} بود.",
    "McDonald's omega ranged from {lo} to {hi}; below threshold: {bad}.":
        "امگای مک‌دونالد از {lo} تا {hi} بود؛ کمتر از آستانه: {bad}.",
    "Composite reliability ranged from {lo} to {hi}.": "پایایی ترکیبی (CR) از {lo} تا {hi} بود.",
    "Composite reliability ranged from {lo} to {hi}; below threshold: {bad}.":
        "پایایی ترکیبی (CR) از {lo} تا {hi} بود؛ کمتر از آستانه: {bad}.",
    "AVE ranged from {lo} to {hi}.": "میانگین واریانس استخراج‌شده (AVE) از {lo} تا {hi} بود.",
    "AVE ranged from {lo} to {hi}; below threshold: {bad}.":
        "میانگین واریانس استخراج‌شده (AVE) از {lo} تا {hi} بود؛ کمتر از آستانه: {bad}.",
    "Standardized loadings ranged from {lo} to {hi}.": "بارهای عاملی استانداردشده از {lo} تا {hi} بودند.",
    "Standardized loadings ranged from {lo} to {hi}; below threshold: {bad}.":
        "بارهای عاملی استانداردشده از {lo} تا {hi} بودند؛ کمتر از آستانه: {bad}.",
    "Largest HTMT = {v} ({a}, {b}).": "بزرگ‌ترین HTMT = {v} ({a}، {b}).",
    "KMO = {v}.": "KMO = {v}.",
    "Bartlett's test: chi2({df}) = {x}, p {p}.": "آزمون کرویت بارتلت: chi2({df}) = {x}، p {p}.",
    "Lowest item MSA: {i} = {v}.": "کمترین MSA گویه: {i} = {v}.",
    "Parallel analysis suggests {k} factors (model: {m} constructs).":
        "تحلیل موازی {k} عامل را پیشنهاد می‌کند (مدل: {m} سازه).",
    "Measurement model: chi2({df}) = {x}, p {p}, CFI = {cfi}, TLI = {tli}, RMSEA = {r} [{lo}, {hi}], SRMR = {s}.":
        "مدل اندازه‌گیری: chi2({df}) = {x}، p {p}، CFI = {cfi}، TLI = {tli}، RMSEA = {r} [{lo}، {hi}]، SRMR = {s}.",
    "Structural model: chi2({df}) = {x}, p {p}, CFI = {cfi}, TLI = {tli}, RMSEA = {r} [{lo}, {hi}], SRMR = {s}.":
        "مدل ساختاری: chi2({df}) = {x}، p {p}، CFI = {cfi}، TLI = {tli}، RMSEA = {r} [{lo}، {hi}]، SRMR = {s}.",
    "R^2: {rest}.": "R^2: {rest}.",
    "{k} of {m} hypotheses supported ({method}, alpha = {a}): {rest}":
        "{k} فرضیه از {m} فرضیه تأیید شد ({method}، آلفا = {a}): {rest}",
    "Each verdict names the rule and its source; the verdict of a range is that of its weakest value.":
        "هر داوری قاعده و منبع خود را نام می‌برد؛ داوری یک دامنه، داوری ضعیف‌ترین مقدار آن است.",
    "Factor <-> construct: {rest}": "عامل <-> سازه: {rest}",
    # ------------------------------------------------------------------ notes
    "Diagonal: square root of AVE; off the diagonal: factor correlations.":
        "قطر اصلی: جذر AVE؛ بیرون از قطر: همبستگی عامل‌ها.",
    "MSV/ASV: maximum/average squared correlation with the other constructs.":
        "MSV/ASV: بیشینه/میانگین مجذور همبستگی با سازه‌های دیگر.",
    "Model-implied correlations of the latent variables.": "همبستگی‌های متغیرهای پنهان برآمده از مدل.",
    "item-rest r: correlation of the item with the sum of the other items.":
        "همبستگی گویه با بقیه: همبستگی گویه با مجموع گویه‌های دیگر.",
    "Extraction {e}, rotation {r} (as psych::fa); factors ordered by variance explained.":
        "استخراج {e}، چرخش {r} (مانند psych::fa)؛ عامل‌ها به ترتیب واریانس تبیین‌شده.",
    "Oblique rotations: SS loadings = diag(Phi L'L) as psych.":
        "چرخش‌های مایل: مجموع مجذور بارها = diag(Phi L'L) مانند psych.",
    "Parallel analysis (Horn 1965): {k} simulated normal data sets, 95% percentile, seed {s}.":
        "تحلیل موازی (Horn 1965): {k} مجموعه داده نرمال شبیه‌سازی‌شده، صدک ۹۵٪، بذر {s}.",
    "AVE: sum lambda^2 psi / sum model-implied item variances (Fornell & Larcker 1981; AVE obs.var = FALSE).":
        "AVE: مجموع lambda^2 psi تقسیم بر مجموع واریانس‌های گویه برآمده از مدل (Fornell & Larcker 1981؛ AVE obs.var = FALSE).",
    "CR: rho_C = (sum lambda)^2 psi / ((sum lambda)^2 psi + sum theta + 2 sum theta_ij) (compRelSEM obs.var = FALSE).":
        "پایایی ترکیبی: rho_C = (sum lambda)^2 psi / ((sum lambda)^2 psi + sum theta + 2 sum theta_ij) (compRelSEM obs.var = FALSE).",
    "HTMT: Henseler et al. (2015), arithmetic means of absolute item correlations; HTMT2: Roemer et al. (2021), geometric means of absolute item correlations.":
        "HTMT: Henseler et al. (2015)، میانگین حسابی قدر مطلق همبستگی گویه‌ها؛ HTMT2: Roemer et al. (2021)، میانگین هندسی قدر مطلق همبستگی گویه‌ها.",
    "CI: percentile bootstrap, {b} replicates, level {l}, seed {s}.":
        "فاصله اطمینان: بوت‌استرپ صدکی، {b} تکرار، سطح {l}، بذر {s}.",
    "alpha: Cronbach (1951), raw and standardized; CI: Feldt, Woodruff & Salih (1987); bootstrap: percentile, {b} resamples, seed {s}.":
        "آلفا: Cronbach (1951)، خام و استاندارد؛ فاصله اطمینان: Feldt, Woodruff & Salih (1987)؛ بوت‌استرپ: صدکی، {b} بازنمونه، بذر {s}.",
    "omega: McDonald's omega total from a one-factor ML (lavaan/semTools compRelSEM obs.var = FALSE).":
        "امگا: امگای کل مک‌دونالد از مدل تک‌عاملی ML (lavaan/semTools compRelSEM obs.var = FALSE).",
    "ML (lavaan defaults: divisor N, chi2 = N F_ML, expected-information SEs), n = {n} (listwise deletion), first-order model, identification: marker; converged in {k} iterations.":
        "ML (پیش‌فرض‌های lavaan: مقسوم‌علیه N، chi2 = N F_ML، خطای معیار با اطلاعات مورد انتظار)، n = {n} (حذف فهرستی)، مدل مرتبه اول، شناسایی: نشانگر؛ همگرایی در {k} تکرار.",
    "ML (lavaan defaults: divisor N, chi2 = N F_ML, expected-information SEs), n = {n} (listwise deletion); converged.":
        "ML (پیش‌فرض‌های lavaan: مقسوم‌علیه N، chi2 = N F_ML، خطای معیار با اطلاعات مورد انتظار)، n = {n} (حذف فهرستی)؛ همگرا شد.",
    "SRMR is Bentler's (lavaan's default 'srmr'); RMSEA CI by noncentral chi-square inversion.":
        "SRMR از نوع بنتلر است (پیش‌فرض 'srmr' در lavaan)؛ فاصله اطمینان RMSEA با وارون‌سازی خی‌دوی نامرکزی.",
    "Standardized = lavaan's std.all; SE (std) by the delta method. Marker loadings (fixed to 1) have no SE, z or p.":
        "استانداردشده = std.all در lavaan؛ خطای معیار استاندارد با روش دلتا. بارهای نشانگر (ثابت برابر 1) خطای معیار، z و p ندارند.",
    "Score tests of fixed-to-zero cross-loadings and item residual covariances (lavaan's modindices, expected information). Free a parameter only with a substantive reason.":
        "آزمون‌های نمره بارهای متقاطع ثابت‌شده در صفر و کوواریانس‌های باقیمانده گویه‌ها (modindices در lavaan، اطلاعات مورد انتظار). پارامتری را تنها با دلیل نظری آزاد کنید.",
    "Estimator: {e}; missing data: {m} (n = {n}).": "برآوردگر: {e}؛ داده‌های گمشده: {m} (n = {n}).",
    "Estimator: {e} ({b} bootstrap resamples); missing data: {m} (n = {n}).":
        "برآوردگر: {e} ({b} بازنمونه بوت‌استرپ)؛ داده‌های گمشده: {m} (n = {n}).",
    "Method: pls. Estimate = standardized path coefficient; SE = bootstrap standard deviation.":
        "روش: pls. برآورد = ضریب مسیر استانداردشده؛ خطای معیار = انحراف معیار بوت‌استرپ.",
    "Method: cb-sem. Estimate = unstandardized ML coefficient with its ML SE and z test (lavaan's sem()); standardized = std.all.":
        "روش: cb-sem. برآورد = ضریب ML استانداردنشده با خطای معیار ML و آزمون z (sem() در lavaan)؛ استانداردشده = std.all.",
    "Products of the path coefficients along each chain. SE = bootstrap standard deviation.":
        "حاصل‌ضرب ضرایب مسیر در طول هر زنجیره. خطای معیار = انحراف معیار بوت‌استرپ.",
    "Total = direct + indirect (Bollen 1987). SE = bootstrap standard deviation; {k} failed resamples excluded.":
        "کل = مستقیم + غیرمستقیم (Bollen 1987). خطای معیار = انحراف معیار بوت‌استرپ؛ {k} بازنمونه ناموفق کنار گذاشته شد.",
    "R2 of each endogenous latent variable; adjusted R2 = 1 - (1 - R2)(n - 1)/(n - k - 1).":
        "R2 هر متغیر پنهان درون‌زا؛ R2 تعدیل‌شده = 1 - (1 - R2)(n - 1)/(n - k - 1).",
    "{c}% confidence intervals: bootstrap percentile ({b} resamples); {t}-tailed tests at alpha = {a}; n = {n} ({how} deletion).":
        "فاصله‌های اطمینان {c}٪: بوت‌استرپ صدکی ({b} بازنمونه)؛ آزمون‌های {t}-دامنه در سطح آلفا = {a}؛ n = {n} (حذف {how}).",
    "listwise": "فهرستی", "pairwise": "زوجی", "auto": "خودکار",
    # ------------------------------------------------------------------ figures
    "factor number": "شماره عامل",
    "observed eigenvalues": "مقادیر ویژه مشاهده‌شده",
    "factor eigenvalues (SMC in diagonal)": "مقادیر ویژه عاملی (SMC در قطر)",
    "Kaiser criterion (1)": "معیار کایزر (1)",
    "parallel analysis (random data)": "تحلیل موازی (داده‌های تصادفی)",
    "values shown when |loading| >= {v}": "مقادیر با |بار عاملی| >= {v} نشان داده شده‌اند",
    "Scree plot of the first {k} factor eigenvalues with the parallel-analysis curve ({r} random data sets); parallel analysis suggests {s} factors (vertical line).":
        "نمودار سنگریزه {k} مقدار ویژه عاملی نخست با منحنی تحلیل موازی ({r} مجموعه داده تصادفی)؛ تحلیل موازی {s} عامل را پیشنهاد می‌کند (خط عمودی).",
    "Loading heatmap: rows are items grouped by their declared construct, columns the rotated factors labelled with the construct they match; blue positive, red negative.":
        "نقشه حرارتی بارهای عاملی: سطرها گویه‌ها به تفکیک سازه اعلام‌شده، ستون‌ها عامل‌های چرخش‌یافته با نام سازه متناظر؛ آبی مثبت، قرمز منفی.",
    "Path diagram: latent variables in columns by their depth in the path graph; arrows carry H-number, standardized coefficient and significance ({t}-tailed, n = {n}).":
        "نمودار مسیر: متغیرهای پنهان در ستون‌هایی بر پایه عمق در گراف مسیر؛ پیکان‌ها شماره فرضیه، ضریب استانداردشده و معناداری را نشان می‌دهند ({t}-دامنه، n = {n}).",
    "Standardized coefficients; *** p < .001, ** p < .01, * p < .05, ns: not significant (dashed). Columns: depth in the path graph.":
        "ضرایب استانداردشده؛ *** p < .001، ** p < .01، * p < .05، ns: غیرمعنادار (خط‌چین). ستون‌ها: عمق در گراف مسیر.",
    # ------------------------------------------------------------------ paradigm-model roles
    "causal": "شرایط علّی", "phenomenon": "پدیده محوری", "contextual": "شرایط زمینه‌ای",
    "intervening": "شرایط مداخله‌گر", "strategies": "راهبردها", "consequences": "پیامدها",
    # ------------------------------------------------------------------ warnings
    "n = {n} is smaller than the number of free parameters ({k}): estimates and standard errors are unstable (common advice: 5-10 respondents per parameter); interpret with caution or fit a smaller model":
        "n = {n} کوچک‌تر از تعداد پارامترهای آزاد ({k}) است: برآوردها و خطاهای معیار ناپایدارند (توصیه رایج: ۵ تا ۱۰ پاسخ‌دهنده برای هر پارامتر)؛ با احتیاط تفسیر کنید یا مدل کوچک‌تری برازش دهید",
    "{r} rotation did not converge in {k} iterations (gradient {g}); the solution may be a poor local optimum — try fewer factors or another rotation":
        "چرخش {r} در {k} تکرار همگرا نشد (گرادیان {g})؛ جواب ممکن است بهینه محلی ضعیفی باشد — عامل‌های کمتر یا چرخش دیگری را بیازمایید",
    "normality check: Mardia skewness {s} (p = {p}), kurtosis z = {z} (p = {q}): {rest}":
        "بررسی نرمال بودن: چولگی ماردیا {s} (p = {p})، z کشیدگی = {z} (p = {q}): {rest}",
    "the data are not multivariate normal and the items have at most {k} categories; use WLSMV (ordinal, polychoric correlations) (this fit used ML; rerun with estimator wlsmv)":
        "داده‌ها نرمال چندمتغیره نیستند و گویه‌ها حداکثر {k} طبقه دارند؛ از WLSMV (ترتیبی، همبستگی‌های پلی‌کوریک) استفاده کنید (این برازش با ML انجام شد؛ با برآوردگر wlsmv دوباره اجرا کنید)",
    # ------------------------------------------------------------------ lists inside sentences
    "{h} {a} -> {b} (beta = {x}, p {p}), {rest}": "{h} {a} ← {b} (beta = {x}، p {p})، {rest}",
    "{h} {a} -> {b} (beta = {x}, p {p}).": "{h} {a} ← {b} (beta = {x}، p {p}).",
    "{h} {a} -> {b} (beta = {x}, p {p})": "{h} {a} ← {b} (beta = {x}، p {p})",
    "{a} -> {b}": "{a} ← {b}",
    "{a} = {v}, {rest}": "{a} = {v}، {rest}",
    "{a} = {v}": "{a} = {v}",
    "{a}; {rest}": "{a}؛ {rest}",
    "descriptives on each item's answers": "آمار توصیفی بر پاسخ‌های هر گویه",
    "reliability by pairwise correlations (smallest pair n = {n})":
        "پایایی با همبستگی‌های زوجی (کوچک‌ترین n زوجی = {n})",
    "EFA by pairwise correlations (smallest pair n = {n})":
        "EFA با همبستگی‌های زوجی (کوچک‌ترین n زوجی = {n})",
    "CFA by listwise deletion (n = {n})": "CFA با حذف فهرستی (n = {n})",
    "CFA by FIML (n = {n})": "CFA با FIML (n = {n})",
    "structural model by listwise deletion (n = {n}).": "مدل ساختاری با حذف فهرستی (n = {n}).",
    "structural model by mean replacement (n = {n}).": "مدل ساختاری با جایگزینی میانگین (n = {n}).",
    "structural model by FIML (n = {n}).": "مدل ساختاری با FIML (n = {n}).",
    "|cross-loading| >= {v} on {f}": "|بار متقاطع| >= {v} روی {f}",
    "✓ meets the rule, ~ acceptable, ✗ fails: rules, sources and every table are in the report (--report) and with --full.":
        "✓ مطابق قاعده، ~ قابل‌قبول، ✗ ناموفق: قاعده‌ها، منابع و همه جدول‌ها در گزارش (--report) و با --full آمده‌اند.",
    "Items most often left unanswered": "گویه‌هایی که بیشتر بی‌پاسخ مانده‌اند",
    "Respondents by number of missing answers": "پاسخ‌دهندگان بر حسب تعداد پاسخ‌های گمشده",
    "Items with missing answers": "گویه‌های دارای پاسخ گمشده",
    "Scree plot": "نمودار سنگریزه",
    "Loadings": "بارهای عاملی",
}
