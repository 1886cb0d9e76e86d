"""The Persian (fa) catalogue, part 5: the printed output of ``cemsurvey import`` (its
screening hints and the closing note), the notes and warnings ``cemsurvey analyze`` prints
on stderr, and ``cemsurvey sample-size`` (the sample-size
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
    # ------------------------------------------------------------------ analyze: stderr
    "method-bias: {w}": "سوگیری روش مشترک: {w}",
    "invariance uses complete cases within each group":
        "ناوردایی بر پایه موردهای کامل درون هر گروه برآورد شد",
    "invariance uses complete cases within each group (multi-group models have no pairwise "
    "estimator)":
        "ناوردایی بر پایه موردهای کامل درون هر گروه برآورد شد (مدل‌های چندگروهی برآوردگر زوجی ندارند)",
    "invariance (WLSMV) uses complete cases within each group":
        "ناوردایی (WLSMV) بر پایه موردهای کامل درون هر گروه برآورد شد",
    "{what} use the {k} of {n} respondents who answered every item (complete cases; the "
    "missing-data policy '{p}' does not apply to them)":
        "{what} بر پایه {k} پاسخ‌دهنده از {n} نفری است که به همه گویه‌ها پاسخ داده‌اند (موردهای "
        "کامل؛ سیاست داده‌های گمشده «{p}» درباره آن‌ها به کار نمی‌رود)",
    "the discriminant-validity intervals and tests": "فاصله‌ها و آزمون‌های روایی واگرا",
    "Harman's test and the method-factor models": "آزمون هارمن و مدل‌های عامل روش",
    "the common latent factor and the marker models are fitted by ML (this run's estimator is "
    "{e})":
        "عامل پنهان مشترک و مدل‌های متغیر نشانگر با ML برازش می‌شوند (برآوردگر این اجرا {e} "
        "است)",
    "the discriminant-validity CFA (latent variances 1) is fitted by ML (this run's estimator "
    "is {e})":
        "تحلیل عاملی تأییدی روایی واگرا (واریانس متغیرهای پنهان 1) با ML برازش می‌شود (برآوردگر "
        "این اجرا {e} است)",
    "the {engine} engine: WLSMV on pairwise polychorics (each item's thresholds from its "
    "answers, each correlation from the respondents who answered both): n = {n}, smallest pair "
    "n = {m}":
        "موتور {engine}: WLSMV بر پایه همبستگی‌های پلی‌کوریک زوجی (آستانه‌های هر گویه از پاسخ‌های "
        "آن و هر همبستگی از پاسخ‌دهندگانی که به هر دو گویه پاسخ داده‌اند): n = {n}، کوچک‌ترین "
        "n زوجی = {m}",
    "{k} of {n} HTMT bootstrap replicates failed (an item without variance in the resample) "
    "and were left out":
        "{k} از {n} تکرار بوت‌استرپ HTMT ناموفق بودند (گویه‌ای بدون واریانس در نمونه دوباره) و "
        "کنار گذاشته شدند",
    "{k} of {n} missingness patterns hold a single respondent: Little's test compares pattern "
    "means, so read its p-value with caution":
        "{k} از {n} الگوی گمشدگی تنها یک پاسخ‌دهنده دارند: آزمون لیتل میانگین الگوها را "
        "مقایسه می‌کند، پس مقدار p آن را با احتیاط بخوانید",
    "{what}: listwise deletion keeps {k} of {n} respondents ({p}); {rest}":
        "{what}: حذف فهرستی {k} پاسخ‌دهنده از {n} نفر را نگه می‌دارد ({p})؛ {rest}",
    "validity (HTMT)": "روایی (HTMT)",
    "HTMT uses complete cases in this version (CR, AVE and Fornell-Larcker come from the CFA "
    "fit)":
        "HTMT در این نسخه از موردهای کامل استفاده می‌کند (CR، AVE و Fornell-Larcker از برازش "
        "CFA می‌آیند)",
    "incomplete {k}": "ناقص {k}", "{k}, incomplete {rest}": "{k}، ناقص {rest}",
    "straightlining {k}": "پاسخ یکنواخت {k}", "too_fast {k}": "پاسخ سریع {k}",
    "attention {k}": "بررسی توجه {k}", "outliers {k}": "داده پرت {k}",
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
    # ------------------------------------------------------------------ Monte Carlo power
    "Monte Carlo power by path and n": "توان آزمون مونت‌کارلو برای هر مسیر و n",
    "n required": "n لازم", "(null path)": "(مسیر صفر)",
    "{n} respondents give every nonzero path power >= {p}.":
        "با {n} پاسخ‌دهنده توان آزمون هر مسیر غیرصفر >= {p} می‌شود.",
    "no sample size studied gives every nonzero path power >= {p}; extend the grid.":
        "هیچ حجم نمونه بررسی‌شده‌ای توان آزمون همه مسیرهای غیرصفر را به >= {p} نمی‌رساند؛ "
        "شبکه حجم‌ها را گسترش دهید.",
    "Bisection added n = {ns}.": "روش دوبخشی این حجم‌ها را افزود: n = {ns}.",
    "multivariate normal items": "گویه‌های نرمال چندمتغیره", "Likert items": "گویه‌های لیکرت",
    "{p} MCAR gaps (FIML)": "{p} داده گمشده کاملاً تصادفی (MCAR، برآورد FIML)",
    "loadings {v}": "بارهای عاملی {v}",
    "{r} replications per n": "{r} تکرار برای هر n",
    "seed {s}": "بذر تصادفی {s}",
    "target power {v}": "توان هدف {v}",
    "{k} replications on {ex} in {t} s.": "{k} تکرار روی {ex} در {t} ثانیه.",
    "1 process": "یک فرایند", "{w} local processes": "{w} فرایند محلی",
    "Dask cluster at {addr}": "خوشه Dask در {addr}",
    "Estimates, standard errors and coverage": "برآوردها، خطاهای معیار و پوشش فاصله اطمینان",
    "power": "توان آزمون", "MC SE": "خطای معیار مونت‌کارلو", "analytic": "تحلیلی",
    "mean est": "میانگین برآورد", "population": "مقدار جامعه", "rel. bias": "سوگیری نسبی",
    "SE bias": "سوگیری خطای معیار", "coverage": "پوشش",
    "Muthen & Muthen (2002): relative bias of estimates and SEs within 10%, coverage .91-.98. "
    "analytic: Satorra & Saris (1985) power of the path (CB-SEM, ML, complete continuous data).":
        "معیار موتن و موتن (2002): سوگیری نسبی برآوردها و خطاهای معیار در محدوده 10% و پوشش "
        "بین .91 و .98. تحلیلی: توان آزمون مسیر به روش ساتورا و ساریس (1985) (CB-SEM، ML، "
        "داده‌های پیوسته کامل).",
    "Convergence and model fit by n": "همگرایی و برازش مدل برای هر n",
    "replications": "تکرارها", "chi2 rejects": "نرخ رد chi2",
    "mean RMSEA": "میانگین RMSEA", "mean CFI": "میانگین CFI",
    "chi2 rejects: share of replications whose model chi-square test rejects at alpha {a} "
    "(about alpha for a correct model).":
        "نرخ رد chi2: سهم تکرارهایی که آزمون خی‌دو مدل در سطح معناداری {a} آن را رد می‌کند "
        "(برای مدل درست نزدیک به همان سطح معناداری).",
    "paths without a stated effect took the default {e}: {paths}":
        "مسیرهای بدون اثر تعیین‌شده مقدار پیش‌فرض {e} را گرفتند: {paths}",
    "only {p} of the replications converged at n = {n}; power there is computed over the "
    "converged ones. Non-convergence usually means a weakly identified part of the model (a "
    "second-order factor with two constructs, small effects): consider correlated exogenous "
    "factors, larger effects or larger samples":
        "تنها {p} از تکرارها در n = {n} همگرا شدند؛ توان آزمون در آن حجم بر پایه تکرارهای "
        "همگراشده است. ناهمگرایی معمولاً نشانه بخشی از مدل با شناسایی ضعیف است (عامل مرتبه دوم "
        "با دو سازه، اثرهای کوچک): عامل‌های برون‌زای همبسته، اثرهای بزرگ‌تر یا نمونه‌های "
        "بزرگ‌تر را در نظر بگیرید",
    "stopped early: {k} replications done": "پیش از موعد متوقف شد: {k} تکرار انجام شد",
    # the HTML page (--html): title and power curve
    "Monte Carlo power": "توان آزمون مونت‌کارلو",
    "Monte Carlo power curve": "منحنی توان آزمون مونت‌کارلو",
    "sample size n": "حجم نمونه n",
    "target {v}": "هدف {v}",
    "dotted: analytic": "نقطه‌چین: تحلیلی",
    "(Satorra-Saris)": "(ساتورا و ساریس)",
}
