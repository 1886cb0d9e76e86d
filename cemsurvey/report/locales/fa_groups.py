"""The Persian (fa) catalogue, part 4: group comparisons and measurement invariance under
``--by`` (multi-group CFA levels, partial invariance, latent means, structural paths;
MICOM and PLS-MGA). Merged with the other parts by :func:`cemsurvey.report.i18n.catalogue`.
"""

MESSAGES: dict[str, str] = {
    # ------------------------------------------------------------------ group comparisons
    "Group comparisons": "مقایسه گروه‌ها",
    "group": "گروه", "group A": "گروه الف", "group B": "گروه ب", "difference": "تفاوت",
    "Construct scores by group": "نمره‌های سازه بر حسب گروه",
    "Missing data: pairwise: per construct, respondents with a score and a group.":
        "داده‌های گمشده: زوجی: برای هر سازه، پاسخ‌دهندگانی که نمره و گروه دارند.",
    "Group comparison: {name}": "مقایسه گروه‌ها: {name}",
    "Welch's ANOVA": "تحلیل واریانس ولش", "Welch's t-test": "آزمون t ولش",
    "Mann-Whitney U test": "آزمون U مان-ویتنی", "Kruskal-Wallis H test": "آزمون H کروسکال-والیس",
    "omega²": "ω²", "epsilon²": "ε²", "Hedges' g": "g هجز", "rank-biserial r": "r رتبه‌ای دورشته‌ای",
    "Groups: {g}.": "گروه‌ها: {g}.",
    "Games-Howell post hoc comparisons": "مقایسه‌های تعقیبی گیمز-هاول",
    "Construct scores across {by} groups ({name}, alpha = {a}): {k} of {n} differ: {items}.":
        "نمره‌های سازه در میان گروه‌های {by} ({name}، آلفا = {a}): {k} از {n} سازه تفاوت دارند: {items}.",
    "Construct scores across {by} groups ({name}): no difference at alpha = {a} in any of {k} "
    "constructs.":
        "نمره‌های سازه در میان گروه‌های {by} ({name}): در هیچ‌یک از {k} سازه تفاوتی در آلفا = {a} "
        "دیده نشد.",
    # the grouping (background) question of the bundled instruments, named by its id
    "gender": "جنسیت",
    "{a} vs {b}": "{a} در برابر {b}",
    "{a} ~ {b}": "{a} ~ {b}",
    # ------------------------------------------------------------------ CB-SEM invariance
    "Measurement invariance across groups": "ناوردایی اندازه‌گیری در میان گروه‌ها",
    "Measurement invariance across {g}": "ناوردایی اندازه‌گیری در میان گروه‌های {g}",
    "level": "سطح", "parameter": "پارامتر", "latent": "متغیر پنهان",
    "configural": "پیکربندی", "metric": "متریک", "scalar": "اسکالر", "strict": "سخت‌گیرانه",
    "{l} (partial)": "{l} (جزئی)",
    "RMSEA lo": "حد پایین RMSEA", "RMSEA hi": "حد بالای RMSEA", "scaled chi2": "chi2 مقیاس‌شده",
    "delta chi2": "تفاضل chi2", "delta df": "تفاضل df", "delta p": "p تفاضل",
    "delta CFI": "تفاضل CFI", "delta RMSEA": "تفاضل RMSEA", "delta SRMR": "تفاضل SRMR",
    "baseline model": "مدل پایه", "invariance holds": "ناوردایی برقرار است",
    "partial invariance": "ناوردایی جزئی", "invariance fails": "ناوردایی برقرار نیست",
    "Groups of {g}: {ns}; {m}, complete cases within each group.":
        "گروه‌های {g}: {ns}؛ {m}، موارد کامل درون هر گروه.",
    "Groups of {g}: {ns}; {m}, FIML (every respondent with at least one answer).":
        "گروه‌های {g}: {ns}؛ {m}، FIML (هر پاسخ‌دهنده با دست‌کم یک پاسخ).",
    "A level holds when, against the level below, delta CFI >= -.010, delta RMSEA <= .015 and "
    "delta SRMR <= .030 (metric) or .010 (scalar, strict) (Chen 2007); the chi2 difference is the "
    "likelihood-ratio test.":
        "یک سطح برقرار است اگر در برابر سطح پایین‌تر، تفاضل CFI >= -.010، تفاضل RMSEA <= .015 و "
        "تفاضل SRMR <= .030 (متریک) یا .010 (اسکالر، سخت‌گیرانه) باشد (Chen 2007)؛ تفاضل chi2 آزمون "
        "نسبت درست‌نمایی است.",
    "A level holds when, against the level below, delta CFI >= -.010, delta RMSEA <= .015 and "
    "delta SRMR <= .030 (metric) or .010 (scalar, strict) (Chen 2007); the chi2 difference is "
    "Satorra-Bentler (2001) scaled and CFI/TLI/RMSEA are the robust ones (MLR).":
        "یک سطح برقرار است اگر در برابر سطح پایین‌تر، تفاضل CFI >= -.010، تفاضل RMSEA <= .015 و "
        "تفاضل SRMR <= .030 (متریک) یا .010 (اسکالر، سخت‌گیرانه) باشد (Chen 2007)؛ تفاضل chi2 "
        "مقیاس‌شده Satorra-Bentler (2001) است و CFI/TLI/RMSEA نسخه‌های استوار (MLR) هستند.",
    "Highest level reached: {l}.": "بالاترین سطح به‌دست‌آمده: {l}.",
    "Partial invariance: released equality constraints": "ناوردایی جزئی: قیدهای برابری آزادشده",
    "Released one at a time by the largest univariate score test (lavaan's lavTestScore) until "
    "the level's criteria held; each is free in every group.":
        "قیدها یکی‌یکی بر پایه بزرگ‌ترین آزمون نمره تک‌متغیره (lavTestScore در lavaan) آزاد شدند "
        "تا معیارهای سطح برقرار شود؛ هر پارامتر آزادشده در همه گروه‌ها آزاد است.",
    "loading {k}": "بار {k}", "intercept {k}": "عرض از مبدأ {k}",
    "residual variance {k}": "واریانس باقی‌مانده {k}",
    "Latent mean differences (first group = 0)": "تفاوت میانگین‌های پنهان (گروه نخست = 0)",
    "From the (partial) scalar model; reference group {g}.":
        "از مدل اسکالر (جزئی)؛ گروه مرجع {g}.",
    "Structural paths across groups": "مسیرهای ساختاری در میان گروه‌ها",
    "Each path held equal across groups in turn (the others free), against the model with every "
    "path free, at the highest invariance level reached.":
        "هر مسیر به نوبت در میان گروه‌ها برابر نگه داشته شد (بقیه آزاد) و با مدلی که همه مسیرها "
        "در آن آزادند مقایسه شد، در بالاترین سطح ناوردایی به‌دست‌آمده.",
    "Measurement invariance across {g} ({ns}; multi-group CFA, {m}): {levels} invariance held "
    "(criteria: Chen 2007).":
        "ناوردایی اندازه‌گیری در میان گروه‌های {g} ({ns}؛ CFA چندگروهی، {m}): ناوردایی {levels} "
        "برقرار بود (معیارها: Chen 2007).",
    "Measurement invariance across {g} ({ns}; multi-group CFA, {m}): {levels} invariance "
    "held{tail} (criteria: Chen 2007).":
        "ناوردایی اندازه‌گیری در میان گروه‌های {g} ({ns}؛ CFA چندگروهی، {m}): ناوردایی {levels} "
        "برقرار بود{tail} (معیارها: Chen 2007).",
    " after releasing {params}": " پس از آزادسازی {params}",
    "; {x}": "؛ {x}",
    "{k} of {n} latent means differ from the first group at p < .05":
        "{k} از {n} میانگین پنهان در p < .05 با گروه نخست تفاوت دارند",
    "{l} invariance did not hold (delta CFI = {a}, delta RMSEA = {b})":
        "ناوردایی {l} برقرار نبود (تفاضل CFI = {a}، تفاضل RMSEA = {b})",
    "invariance: {w}": "ناوردایی: {w}",
    "invariance skipped: {w}": "ناوردایی اجرا نشد: {w}",
    "fewer than two groups of '{g}' can be compared ({why}).":
        "کمتر از دو گروه از «{g}» قابل مقایسه‌اند ({why}).",
    "fewer than two groups of '{g}' can be compared ({why})":
        "کمتر از دو گروه از «{g}» قابل مقایسه‌اند ({why})",
    "one group only": "تنها یک گروه",
    "group '{g}' left out of the invariance tests: {n} complete respondents for {p} parameters "
    "per group":
        "گروه «{g}» از آزمون‌های ناوردایی کنار گذاشته شد: {n} پاسخ‌دهنده کامل برای {p} پارامتر در "
        "هر گروه",
    "group '{g}' left out of the invariance tests: item(s) {items} constant within it":
        "گروه «{g}» از آزمون‌های ناوردایی کنار گذاشته شد: گویه(های) {items} در آن ثابت است",
    # ------------------------------------------------------------------ MICOM and PLS-MGA
    "MICOM step 1: configural invariance": "گام ۱ MICOM: ناوردایی پیکربندی",
    "MICOM step 2: compositional invariance": "گام ۲ MICOM: ناوردایی ترکیبی",
    "MICOM step 3: equal composite means and variances; invariance":
        "گام ۳ MICOM: برابری میانگین‌ها و واریانس‌های مرکب؛ ناوردایی",
    "constant items": "گویه‌های ثابت",
    "step 1": "گام ۱", "step 2": "گام ۲", "step 3a": "گام ۳الف", "step 3b": "گام ۳ب",
    "Every group is estimated with the same model, indicators, reverse-keying, listwise deletion, "
    "standardization and algorithm settings; a group with fewer than 10 respondents, a constant "
    "item or no convergence is left out.":
        "هر گروه با همان مدل، شاخص‌ها، معکوس‌سازی، حذف فهرستی، استانداردسازی و تنظیمات الگوریتم "
        "برآورد می‌شود؛ گروهی با کمتر از ۱۰ پاسخ‌دهنده، گویه ثابت یا بدون همگرایی کنار گذاشته می‌شود.",
    "c quantile": "چندک c",
    "c >= {q} quantile": "c >= چندک {q}",
    "c = correlation of the composite scores from the two groups' weights, on the pooled data "
    "standardized on the pooled sample; p = share of permuted c below c; step 2 holds when c is at "
    "least the {q} quantile of the permutation distribution (Henseler, Ringle & Sarstedt 2016).":
        "ضریب c = همبستگی نمره‌های مرکب حاصل از وزن‌های دو گروه، روی داده‌های ادغام‌شده و استانداردشده "
        "بر پایه نمونه ادغام‌شده؛ p = سهم c جایگشتی کمتر از c؛ گام ۲ برقرار است اگر c دست‌کم برابر "
        "چندک {q} توزیع جایگشتی باشد (Henseler, Ringle & Sarstedt 2016).",
    "mean diff": "تفاوت میانگین", "mean lower": "حد پایین میانگین", "mean upper": "حد بالای میانگین",
    "log var ratio": "لگاریتم نسبت واریانس", "var lower": "حد پایین واریانس",
    "var upper": "حد بالای واریانس", "within interval": "درون فاصله",
    "full": "کامل", "partial": "جزئی",
    "Scores from the pooled weights; differences of the group means and of the log variances "
    "(first group minus second) against their permutation {lo} and {hi} quantiles.":
        "نمره‌ها از وزن‌های ادغام‌شده؛ تفاوت میانگین‌های گروه‌ها و لگاریتم واریانس‌ها (گروه نخست "
        "منهای دوم) در برابر چندک‌های {lo} و {hi} جایگشتی آن‌ها.",
    "Invariance: full = equal composition, means and variances (the groups may be pooled); "
    "partial = equal composition (path coefficients may be compared); no = composition differs "
    "(do not compare). Overall verdict: {v} measurement invariance (Henseler, Ringle & Sarstedt "
    "2016).":
        "ناوردایی: کامل = ترکیب، میانگین‌ها و واریانس‌های برابر (گروه‌ها را می‌توان ادغام کرد)؛ "
        "جزئی = ترکیب برابر (ضرایب مسیر را می‌توان مقایسه کرد)؛ خیر = ترکیب متفاوت (مقایسه نکنید). "
        "داوری کلی: ناوردایی اندازه‌گیری {v} (Henseler, Ringle & Sarstedt 2016).",
    "MICOM settings": "تنظیمات MICOM",
    "permutations per pair": "جایگشت‌ها برای هر جفت",
    "permutations used (per pair)": "جایگشت‌های به‌کاررفته (برای هر جفت)",
    "seed": "بذر تصادفی", "first group": "گروه نخست", "second group": "گروه دوم",
    "permutation p": "p جایگشتی", "equal (permutation)": "برابر (جایگشتی)",
    "Henseler p": "p هنسلر", "equal (Henseler)": "برابر (هنسلر)",
    "PLS multi-group analysis: path differences": "تحلیل چندگروهی PLS (PLS-MGA): تفاوت مسیرها",
    "Permutation test: {n} permutations of the group labels, p = share of permuted |difference| "
    ">= |difference| (Chin & Dibbern 2010).":
        "آزمون جایگشتی: {n} جایگشت برچسب‌های گروه، p = سهم |تفاوت| جایگشتی >= |تفاوت| "
        "(Chin & Dibbern 2010).",
    "Henseler's MGA: {b} bootstrap resamples per group, bias-centred; two-sided p = 2 min(p, 1 - "
    "p) (Sarstedt, Henseler & Ringle 2011). Compare paths only between groups with at least "
    "partial measurement invariance (MICOM; Henseler, Ringle & Sarstedt 2016).":
        "روش MGA هنسلر: {b} بازنمونه بوت‌استرپ برای هر گروه، مرکز‌شده بر سوگیری؛ p دوطرفه = 2 × کمینه(p, 1 - "
        "p) (Sarstedt, Henseler & Ringle 2011). مسیرها را تنها میان گروه‌هایی مقایسه کنید که دست‌کم "
        "ناوردایی اندازه‌گیری جزئی دارند (MICOM؛ Henseler, Ringle & Sarstedt 2016).",
    "MICOM: no invariance": "MICOM: بدون ناوردایی",
    "MICOM: partial invariance": "MICOM: ناوردایی جزئی",
    "MICOM: full invariance": "MICOM: ناوردایی کامل",
    "MICOM could not compare groups: fewer than two groups passed configural invariance.":
        "MICOM نتوانست گروه‌ها را مقایسه کند: کمتر از دو گروه ناوردایی پیکربندی را گذراندند.",
    "Measurement invariance of composites was assessed with MICOM (Henseler, Ringle & Sarstedt "
    "2016; {n} permutations): configural invariance was established by identical model, "
    "indicators, data treatment and settings; {parts}; overall, {v} measurement invariance.":
        "ناوردایی اندازه‌گیری مرکب‌ها با MICOM بررسی شد (Henseler, Ringle & Sarstedt 2016؛ {n} "
        "جایگشت): ناوردایی پیکربندی با مدل، شاخص‌ها، پردازش داده و تنظیمات یکسان برقرار شد؛ {parts}؛ "
        "در مجموع، ناوردایی اندازه‌گیری: {v}.",
    "{p}: compositional invariance for {k} of {n} composites, equal means and variances for {f}":
        "{p}: ناوردایی ترکیبی برای {k} از {n} مرکب، برابری میانگین‌ها و واریانس‌ها برای {f}",
    "MICOM and the multi-group analysis used {b} permutations and resamples; 5,000 are "
    "recommended for stable p values":
        "روش MICOM و تحلیل چندگروهی {b} جایگشت و بازنمونه به کار بردند؛ برای مقادیر p پایدار ۵٬۰۰۰ "
        "توصیه می‌شود",
}
