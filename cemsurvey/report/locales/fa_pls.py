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
        "rho_A (Dijkstra & Henseler 2015) هر سازه از وزن‌های PLS: جدول «پایایی و روایی همگرای PLS» "
        "را در بخش مدل ساختاری ببینید.",
    "PLS discriminant validity: HTMT": "روایی واگرای PLS: HTMT",
    "HTMT CI upper bound < 1": "حد بالای فاصله اطمینان HTMT < 1",
    "HTMT on the item correlations (absolute values, as semTools::htmt and seminr); Henseler, "
    "Ringle & Sarstedt (2015).":
        "HTMT روی همبستگی‌های گویه‌ها (قدر مطلق، مانند semTools::htmt و seminr)؛ Henseler, "
        "Ringle & Sarstedt (2015).",
    # ------------------------------------------------------------------ inner model, Q2
    "PLS structural model: effect sizes and collinearity": "مدل ساختاری PLS: اندازه اثر و هم‌خطی",
    "effect size": "اندازه اثر", "small": "کوچک", "medium": "متوسط", "large": "بزرگ",
    "f2 = (R2 included - R2 excluded) / (1 - R2 included); .02/.15/.35 small/medium/large "
    "(Cohen (1988)). Inner VIF among the predictors of each construct.":
        "f2 = (R2 با متغیر - R2 بدون متغیر) / (1 - R2 با متغیر)؛ .02/.15/.35 کوچک/متوسط/بزرگ "
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
