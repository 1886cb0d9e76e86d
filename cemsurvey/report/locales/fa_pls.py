"""The Persian (fa) catalogue, part 3: PLS-SEM assessment (outer model, PLSc, reliability,
HTMT, inner model, Q2, settings), PLSpredict, CVPAT, IPMA, formative constructs and
interactions. Merged with the other parts by :func:`cemsurvey.report.i18n.catalogue`.
"""

MESSAGES: dict[str, str] = {
    # ------------------------------------------------------------------ outer model
    "PLS measurement model: outer loadings and weights":
        "مدل اندازه‌گیری PLS: بارهای بیرونی و وزن‌ها",
    "indicator": "شاخص", "weight": "وزن", "loadings": "بارها",
    "loading verdict": "داوری بار", "VIF verdict": "داوری VIF", "rho_C verdict": "داوری rho_C",
    "VIF <= {a} (<= {b} acceptable)": "VIF <= {a} (<= {b} قابل‌قبول)",
    "Mode A (reflective)": "حالت A (انعکاسی)",
    "Mode A (reflective) and mode B (formative: {c}; see the formative table)":
        "حالت A (انعکاسی) و حالت B (سازنده: {c}؛ جدول سازه‌های سازنده را ببینید)",
    "{mode}; loadings = correlations of the standardized indicators with the construct scores; "
    "weights scaled so scores have unit variance.":
        "{mode}؛ بارها = همبستگی شاخص‌های استانداردشده با نمره‌های سازه؛ وزن‌ها طوری مقیاس شده‌اند "
        "که واریانس نمره‌ها یک باشد.",
    "Higher-order constructs (two-stage): stage-1 loadings of the first-order constructs are shown "
    "without bootstrap.":
        "سازه‌های مرتبه بالاتر (دومرحله‌ای): بارهای مرحله اول سازه‌های مرتبه اول بدون بوت‌استرپ "
        "نشان داده شده‌اند.",
    "Bootstrap: {u} of {b} resamples used; t = estimate / bootstrap SD, p from Student's t with "
    "n - 1 df (as SmartPLS); {lvl} {m} intervals; sign changes: {s}.":
        "بوت‌استرپ: {u} از {b} بازنمونه به کار رفت؛ t = برآورد / انحراف معیار بوت‌استرپ، p از t "
        "استیودنت با n - 1 درجه آزادی (مانند SmartPLS)؛ فاصله‌های {m} {lvl}؛ تغییر علامت: {s}.",
    "percentile": "صدکی", "bca": "BCa", "normal": "نرمال",
    "No bootstrap: no t, p or intervals.": "بدون بوت‌استرپ: t، p و فاصله‌ای در کار نیست.",
    "construct-level reflection against the full-sample weights":
        "بازتاب در سطح سازه نسبت به وزن‌های کل نمونه",
    # ------------------------------------------------------------------ reliability, HTMT
    "PLS reliability and convergent validity": "پایایی و روایی همگرای PLS",
    "alpha on standardized indicators; rho_A = Dijkstra & Henseler (2015); rho_C = (sum l)^2 / "
    "((sum l)^2 + sum(1 - l^2)); AVE = mean l^2 (l: outer loadings). Single-item constructs have "
    "alpha = rho_A = 1.":
        "آلفا روی شاخص‌های استانداردشده؛ rho_A = Dijkstra & Henseler (2015)؛ rho_C = (sum l)^2 / "
        "((sum l)^2 + sum(1 - l^2))؛ AVE = میانگین l^2 (l: بارهای بیرونی). سازه‌های تک‌گویه‌ای "
        "α = rho_A = 1 دارند.",
    "rho_A (Dijkstra & Henseler 2015) of each construct, from the PLS weights: see 'PLS "
    "reliability and convergent validity' in the structural model section.":
        "ضریب rho_A (Dijkstra & Henseler 2015) هر سازه از وزن‌های PLS: جدول «پایایی و روایی همگرای PLS» "
        "را در بخش مدل ساختاری ببینید.",
    "PLS discriminant validity: HTMT": "روایی واگرای PLS: HTMT",
    "HTMT CI upper bound < 1": "حد بالای فاصله اطمینان HTMT < 1",
    "HTMT on the item correlations (absolute values, as semTools::htmt and seminr); Henseler, "
    "Ringle & Sarstedt (2015).":
        "شاخص HTMT روی همبستگی‌های گویه‌ها (قدر مطلق، مانند semTools::htmt و seminr)؛ Henseler, "
        "Ringle & Sarstedt (2015).",
    # ------------------------------------------------------------------ inner model, Q2
    "PLS structural model: effect sizes and collinearity": "مدل ساختاری PLS: اندازه اثر و هم‌خطی",
    "effect size": "اندازه اثر", "small": "کوچک", "medium": "متوسط", "large": "بزرگ",
    "f2 = (R2 included - R2 excluded) / (1 - R2 included); .02/.15/.35 small/medium/large "
    "(Cohen (1988)). Inner VIF among the predictors of each construct.":
        "اندازه اثر f2 = (R2 با متغیر - R2 بدون متغیر) / (1 - R2 با متغیر)؛ .02/.15/.35 کوچک/متوسط/بزرگ "
        "(Cohen (1988)). VIF درونی میان پیش‌بین‌های هر سازه.",
    "PLS predictive relevance: Q2 (blindfolding)": "ربط پیش‌بین PLS: Q2 (چشم‌بندی)",
    "Construct cross-validated redundancy, omission distance 7, omitted points replaced by the "
    "indicator mean (Hair et al. 2022, ch. 6).":
        "افزونگی اعتباریابی‌متقابل سازه، فاصله حذف ۷، نقاط حذف‌شده با میانگین شاخص جایگزین شده‌اند "
        "(Hair et al. 2022, فصل 6).",
    # ------------------------------------------------------------------ settings
    "PLS estimation settings": "تنظیمات برآورد PLS",
    "setting": "تنظیم",
    "PLSc (consistent PLS)": "PLSc (PLS سازگار)",
    "inner weighting scheme": "طرح وزن‌دهی درونی",
    "path": "مسیر", "factorial": "عاملی", "centroid": "مرکزوار",
    "higher-order constructs": "سازه‌های مرتبه بالاتر",
    "repeated": "شاخص‌های تکراری", "two-stage": "دومرحله‌ای", "disjoint": "جدا",
    "converged": "همگرا شد", "iterations": "تکرارها", "stop criterion": "معیار توقف",
    "max |w change| < {tol} (cap {cap})": "بیشینه |تغییر w| < {tol} (سقف {cap})",
    "bootstrap resamples (used / requested)": "بازنمونه‌های بوت‌استرپ (به‌کاررفته / درخواستی)",
    "sign correction": "اصلاح علامت",
    # ------------------------------------------------------------------ IPMA
    "Importance-performance map": "نقشه اهمیت-عملکرد (IPMA)",
    "importance": "اهمیت", "performance": "عملکرد",
    "standardized total effect": "اثر کل استانداردشده",
    "IPMA of {t} (performance {p})": "تحلیل اهمیت-عملکرد IPMA برای {t} (عملکرد {p})",
    "Importance: unstandardized total effect on the target; performance: mean score rescaled to "
    "0-100 ({w} outer weights); Ringle & Sarstedt (2016).":
        "اهمیت: اثر کل استانداردنشده بر سازه هدف؛ عملکرد: میانگین نمره بازمقیاس‌شده به ۰ تا ۱۰۰ "
        "(وزن‌های بیرونی {w})؛ Ringle & Sarstedt (2016).",
    "unstandardized": "استانداردنشده", "standardized": "استانداردشده",
    "IPMA of {t} (performance {p} of 100): {listed}; priority for improvement (important, low "
    "performance): {prio}.":
        "تحلیل اهمیت-عملکرد IPMA برای {t} (عملکرد {p} از ۱۰۰): {listed}؛ اولویت بهبود (مهم، با "
        "عملکرد پایین): {prio}.",
    "IPMA of {t} (performance {p} of 100): {listed}.":
        "تحلیل اهمیت-عملکرد IPMA برای {t} (عملکرد {p} از ۱۰۰): {listed}.",
    "{c} (importance {i}, performance {p})": "{c} (اهمیت {i}، عملکرد {p})",
    "{c} (importance {i}, performance {p}), {rest}": "{c} (اهمیت {i}، عملکرد {p})، {rest}",
    # a list of construct names (kept last: templates opening with a placeholder come last)
    "{a}, {rest}": "{a}، {rest}",
}

MESSAGES.update({
    # ------------------------------------------------------------------ figures
    "Importance-performance map: {t}": "نقشه اهمیت-عملکرد: {t}",
    "importance (unstandardized total effect)": "اهمیت (اثر کل استانداردنشده)",
    "performance (0-100)": "عملکرد (0 تا 100)",
    "Importance-performance map of {t}: importance = unstandardized total effect, performance = "
    "mean score on 0-100; dashed lines at the means.":
        "نقشه اهمیت-عملکرد {t}: اهمیت = اثر کل استانداردنشده، عملکرد = میانگین نمره در مقیاس 0 تا "
        "100؛ خط‌چین‌ها در میانگین‌ها.",
    "Simple slopes: {x} -> {y} by {m}": "شیب‌های ساده: {x} ← {y} بر حسب {m}",
    "Simple slopes of {x} on {y} at {m} = -1, 0 and +1 SD (standardized latent scores).":
        "شیب‌های ساده اثر {x} بر {y} در {m} = -1، 0 و +1 انحراف معیار (نمره‌های پنهان استانداردشده).",
    "{x} (SD)": "{x} (انحراف معیار)",
    "{m} {lv} SD (slope {s})": "{m} {lv} انحراف معیار (شیب {s})",
})

MESSAGES.update({
    # ------------------------------------------------------------------ PLSc
    "Estimator: PLSc (consistent PLS) ({b} bootstrap resamples); missing data: {m} (n = {n}).":
        "برآوردگر: PLSc (PLS سازگار) ({b} بازنمونه بوت‌استرپ)؛ داده‌های گمشده: {m} (n = {n}).",
    "Consistent PLS (Dijkstra & Henseler 2015): loadings, construct correlations, paths, R^2, f^2 "
    "and inner VIF of reflective constructs corrected by rho_A; rho_C and AVE from the consistent "
    "loadings; the bootstrap repeats PLSc.":
        "روش PLS سازگار (Dijkstra & Henseler 2015): بارها، همبستگی سازه‌ها، مسیرها، R^2، f^2 و VIF درونی "
        "سازه‌های انعکاسی با rho_A تصحیح شده‌اند؛ rho_C و AVE از بارهای سازگار؛ بوت‌استرپ PLSc را "
        "تکرار می‌کند.",
    # ------------------------------------------------------------------ formative constructs
    "Formative constructs: n/a (internal consistency does not apply to mode B; Hair et al. 2022, "
    "ch. 5).":
        "سازه‌های سازنده: کاربرد ندارد (همسانی درونی درباره حالت B صدق نمی‌کند؛ Hair et al. 2022, "
        "فصل 5).",
    "PLS formative measurement: weights, collinearity, relevance":
        "مدل اندازه‌گیری سازنده PLS: وزن‌ها، هم‌خطی، ربط",
    "n/a": "کاربرد ندارد", "decision": "تصمیم", "loading p": "p بار",
    "keep": "نگه‌داشتن", "keep (loading >= .50)": "نگه‌داشتن (بار >= .50)",
    "consider removing": "بررسی حذف", "remove": "حذف",
    "Mode B (regression) weights. Keep an indicator with a significant weight; otherwise keep it "
    "when its loading is >= .50, consider removing it when the loading is below .50 but "
    "significant, remove it otherwise (Hair et al. (2022), Exhibit 5.9). VIF above 3 possible, "
    "above 5 critical collinearity.":
        "وزن‌های حالت B (رگرسیونی). شاخص با وزن معنادار نگه داشته می‌شود؛ وگرنه اگر بار آن >= .50 "
        "باشد نگه داشته می‌شود، اگر بار کمتر از .50 ولی معنادار باشد حذف آن بررسی می‌شود و در غیر "
        "این صورت حذف می‌شود (Hair et al. (2022)، جدول 5.9). VIF بالای 3 هم‌خطی احتمالی و بالای 5 "
        "هم‌خطی بحرانی است.",
    "PLS formative convergent validity: redundancy analysis":
        "روایی همگرای سازه سازنده PLS: تحلیل افزونگی",
    "global item": "گویه کلی", "path >= .70": "مسیر >= .70",
    "The formative construct predicting its global single item in a separate two-construct PLS "
    "model.":
        "سازه سازنده گویه کلی تک‌گویه‌ای خود را در یک مدل PLS دوسازه‌ای جداگانه پیش‌بینی می‌کند.",
    # ------------------------------------------------------------------ interactions
    "PLS interaction (moderation) effects": "اثرهای تعاملی PLS (اثر تعدیل‌گر)",
    "term": "جمله", "outcome": "پیامد", "approach": "رویکرد", "moderator": "تعدیل‌گر",
    "product indicators": "شاخص‌های حاصل‌ضربی",
    "x:m is the product of the standardized scores of x and m (two-stage) or is measured by the "
    "products of their standardized indicators (product indicators); Henseler & Chin (2010). f2 "
    ".005/.01/.025 small/medium/large for interactions (Kenny 2018).":
        "جمله x:m حاصل‌ضرب نمره‌های استانداردشده x و m است (دومرحله‌ای) یا با حاصل‌ضرب شاخص‌های "
        "استانداردشده آن‌ها اندازه‌گیری می‌شود (شاخص‌های حاصل‌ضربی)؛ Henseler & Chin (2010). f2 "
        ".005/.01/.025 برای اثرهای تعاملی کوچک/متوسط/بزرگ است (Kenny 2018).",
    "PLS simple slopes": "شیب‌های ساده PLS",
    "slope of x": "شیب x",
    "outcome at x = -1 SD": "پیامد در x = -1 انحراف معیار",
    "outcome at x = +1 SD": "پیامد در x = +1 انحراف معیار",
    "Standardized latent scores: slope = b_x + b_xm m (Aiken & West 1991), as SmartPLS's simple "
    "slope plot; the plot draws the outcome from x = -1 to +1 SD at each moderator level.":
        "نمره‌های پنهان استانداردشده: شیب = b_x + b_xm m (Aiken & West 1991)، مانند نمودار شیب "
        "ساده SmartPLS؛ نمودار پیامد را از x = -1 تا +1 انحراف معیار در هر سطح تعدیل‌گر رسم می‌کند.",
    # ------------------------------------------------------------------ PLSpredict and CVPAT
    "PLSpredict and CVPAT": "پیش‌بینی PLS (PLSpredict) و CVPAT",
    "PLSpredict: out-of-sample prediction of endogenous indicators":
        "پیش‌بینی PLS (PLSpredict): پیش‌بینی برون‌نمونه‌ای شاخص‌های درون‌زا",
    "{k}-fold cross-validation, {r} repetition(s) (seed {s}), predictions averaged over "
    "repetitions; {t} prediction (EA: from the exogenous constructs; DA: from direct "
    "predecessors); LM benchmark: OLS on the predictors' indicators (Shmueli et al. (2019)).":
        "اعتباریابی متقابل {k}-بخشی، {r} تکرار (بذر {s})، میانگین پیش‌بینی‌ها روی تکرارها؛ پیش‌بینی "
        "{t} (EA: از سازه‌های برون‌زا؛ DA: از پیشایندهای مستقیم)؛ معیار مقایسه LM: OLS روی شاخص‌های "
        "پیش‌بین‌ها (Shmueli et al. (2019)).",
    "indicators": "شاخص‌ها", "predictive power": "توان پیش‌بینی",
    "PLS better ({m})": "PLS بهتر ({m})",
    "PLSpredict: predictive power": "پیش‌بینی PLS (PLSpredict): توان پیش‌بینی",
    "high": "بالا", "low": "پایین",
    "PLS below LM for no, a minority, a majority or all indicators: none, low, medium or high "
    "predictive power; any Q2predict <= 0: none (Shmueli et al. (2019)).":
        "خطای PLS کمتر از LM برای هیچ، اقلیت، اکثریت یا همه شاخص‌ها: توان پیش‌بینی هیچ، پایین، "
        "متوسط یا بالا؛ هر Q2predict <= 0: هیچ (Shmueli et al. (2019)).",
    "PLS below LM for all indicators and Q2predict > 0":
        "خطای PLS کمتر از LM برای همه شاخص‌ها و Q2predict > 0",
    "CVPAT: PLS against benchmarks": "آزمون CVPAT: PLS در برابر معیارهای مقایسه",
    "benchmark": "معیار مقایسه", "PLS loss": "زیان PLS", "benchmark loss": "زیان معیار مقایسه",
    "bootstrap t": "t بوت‌استرپ", "bootstrap p": "p بوت‌استرپ", "overall": "کلی",
    "Average squared prediction error; difference = PLS - benchmark (negative: PLS predicts "
    "better). Paired t test (Liengaard et al. 2021) and bootstrap variance test with {b} "
    "resamples (Sharma et al. 2023); IA = indicator averages ({ia}), LM = linear model.":
        "میانگین مجذور خطای پیش‌بینی؛ تفاوت = PLS - معیار مقایسه (منفی: PLS بهتر پیش‌بینی می‌کند). "
        "آزمون t زوجی (Liengaard et al. 2021) و آزمون واریانس بوت‌استرپ با {b} بازنمونه "
        "(Sharma et al. 2023)؛ IA = میانگین شاخص‌ها ({ia})، LM = مدل خطی.",
    "training": "داده‌های آموزش",
    "PLSpredict ({k}-fold, {r} repetition(s), {t}): {v} predictive power; PLS {m} below the LM "
    "benchmark for {a} of {b} indicators, Q^2predict {lo} to {hi}.":
        "پیش‌بینی PLS (PLSpredict؛ {k}-بخشی، {r} تکرار، {t}): توان پیش‌بینی {v}؛ {m} در PLS برای {a} "
        "از {b} شاخص کمتر از معیار LM بود، Q^2predict از {lo} تا {hi}.",
    "PLSpredict ({k}-fold, {r} repetition(s), {t}): {v} predictive power; PLS {m} below the LM "
    "benchmark for {a} of {b} indicators, Q^2predict {lo} to {hi}; CVPAT {cv}.":
        "پیش‌بینی PLS (PLSpredict؛ {k}-بخشی، {r} تکرار، {t}): توان پیش‌بینی {v}؛ {m} در PLS برای {a} "
        "از {b} شاخص کمتر از معیار LM بود، Q^2predict از {lo} تا {hi}؛ CVPAT {cv}.",
    "against {b} loss difference {d}, p {p}": "در برابر {b} تفاوت زیان {d}، p {p}",
    "IPMA: negative outer weights in {c}; their 0-100 performance is not interpretable (check "
    "reverse-keyed items)":
        "تحلیل IPMA: وزن‌های بیرونی منفی در {c}؛ عملکرد 0 تا 100 آن‌ها تفسیرپذیر نیست (گویه‌های معکوس را "
        "بررسی کنید)",
    # ------------------------------------------------------------------ screening notes
    "too_fast: no duration or start/end columns in the file; not checked":
        "پاسخ سریع: ستون مدت یا شروع/پایان در فایل نیست؛ بررسی نشد",
    "attention: no attention-check columns (declared in the model and present in the file); not "
    "checked":
        "بررسی توجه: ستون بررسی توجه (اعلام‌شده در مدل و موجود در فایل) نیست؛ بررسی نشد",
    # ------------------------------------------------------------------ model comparison
    "Model comparison": "مقایسه مدل‌ها",
    "Model comparison for {target}": "مقایسه مدل‌ها برای {target}",
    "predictors": "تعداد پیش‌بین‌ها", "BIC weight": "وزن BIC", "GM weight": "وزن GM",
    "alternative ({file})": "مدل رقیب ({file})",
    "Lowest is preferred: BIC selects {a}, Geweke-Meese selects {b} (Sharma et al. 2019).":
        "مقدار کمتر برتر است: BIC {a} و Geweke-Meese {b} را برمی‌گزیند (Sharma et al. 2019).",
    "Model comparison for {target} (Sharma et al. 2019): BIC selects {a}, Geweke-Meese "
    "selects {b}.":
        "مقایسه مدل‌ها برای {target} (Sharma et al. 2019): BIC {a} و Geweke-Meese {b} را "
        "برمی‌گزیند.",
})
