"""The Persian (fa) catalogue, part 2: common-method bias, discriminant validity with
inference (Rönkkö & Cho 2022; HTMT intervals), PLS assessment, PLSpredict, IPMA and the
engines' warnings shown in the report. Merged with :mod:`cemsurvey.report.locales.fa` by
:func:`cemsurvey.report.i18n.catalogue` (one catalogue per language, split by size).
"""

MESSAGES: dict[str, str] = {
    # ------------------------------------------------------------------ common-method bias
    "method bias": "سوگیری روش",
    "method-bias": "سوگیری روش مشترک",
    "Common-method bias": "سوگیری روش مشترک",
    "check": "بررسی", "detail": "جزئیات", "method": "روش", "none": "هیچ",
    "change": "تغییر", "class": "رده", "correlation": "همبستگی",
    "Harman: first principal component": "هارمن: نخستین مؤلفه اصلی",
    "Harman: one-factor EFA (minres)": "هارمن: EFA تک‌عاملی (minres)",
    "share of variance": "سهم واریانس",
    "share of item variance": "سهم واریانس گویه‌ها",
    "single factor < {t} (weak evidence)": "تک‌عامل < {t} (شاهد ضعیف)",
    "single factor < {t}": "تک‌عامل < {t}",
    "full-collinearity VIF: {c}": "VIF هم‌خطی کامل: {c}",
    "full-collinearity VIF <= {t}": "VIF هم‌خطی کامل <= {t}",
    "VIF <= {t}": "VIF <= {t}",
    "PLS scores": "نمره‌های PLS", "mean scores": "نمره‌های میانگین",
    "common latent factor: delta chi2": "عامل پنهان روش مشترک (CLF): تفاضل chi2",
    "common latent factor: method share": "عامل پنهان روش مشترک (CLF): سهم روش",
    "common latent factor: items flagged": "عامل پنهان روش مشترک (CLF): گویه‌های نشان‌دار",
    "common latent factor: {w}": "عامل پنهان روش مشترک (CLF): {w}",
    "vs trait-only CFA": "در برابر CFA بدون عامل روش",
    "mean squared std. method loading": "میانگین مجذور بار استانداردشده روش",
    "|change in std. loading| <= {t}": "|تغییر بار استانداردشده| <= {t}",
    "|change| <= {t}": "|تغییر| <= {t}",
    "loading change <= {t}": "تغییر بار <= {t}",
    "std. loading (CFA)": "بار استانداردشده (CFA)",
    "std. loading (with CLF)": "بار استانداردشده (با CLF)",
    "std. method loading": "بار استانداردشده روش",
    "Common latent factor: standardized loadings without and with it":
        "عامل پنهان روش مشترک (CLF): بارهای استانداردشده بدون آن و با آن",
    "Method factor: equal loadings ({l}, SE nan), variance 1, orthogonal to the constructs.":
        "عامل روش: بارهای برابر ({l}، SE نامعین)، واریانس ۱، متعامد با سازه‌ها.",
    "Method factor: equal loadings ({l}, SE {se}), variance 1, orthogonal to the constructs.":
        "عامل روش: بارهای برابر ({l}، SE {se})، واریانس ۱، متعامد با سازه‌ها.",
    "Harman's test is weak evidence: a share below 50% does not rule out common-method variance "
    "(Podsakoff et al. 2003).":
        "آزمون تک‌عاملی هارمن شاهد ضعیفی است: سهم کمتر از ۵۰٪ واریانس روش مشترک را رد نمی‌کند "
        "(Podsakoff et al. 2003).",
    "Harman's test: n = {n} respondents with every item answered.":
        "آزمون هارمن: n = {n} پاسخ‌دهنده که به همه گویه‌ها پاسخ داده‌اند.",
    "Full-collinearity VIFs: {s}, n = {n}.": "مقادیر VIF هم‌خطی کامل: {s}، n = {n}.",
    "Method-factor models: estimator {e}, missing data: {m} (n = {n}).":
        "مدل‌های عامل روش: برآوردگر {e}، داده‌های گمشده: {m} (n = {n}).",
    "Harman's single-factor test: one factor explained {a} of the variance (first principal "
    "component; {b} in a one-factor EFA), below {t}; the test is weak evidence.":
        "آزمون تک‌عاملی هارمن: یک عامل {a} از واریانس را تبیین کرد (نخستین مؤلفه اصلی؛ {b} در "
        "EFA تک‌عاملی)، کمتر از {t}؛ این آزمون شاهد ضعیفی است.",
    "Harman's single-factor test: one factor explained {a} of the variance (first principal "
    "component; {b} in a one-factor EFA), above {t}; the test is weak evidence.":
        "آزمون تک‌عاملی هارمن: یک عامل {a} از واریانس را تبیین کرد (نخستین مؤلفه اصلی؛ {b} در "
        "EFA تک‌عاملی)، بیشتر از {t}؛ این آزمون شاهد ضعیفی است.",
    "Full-collinearity VIFs ({s} scores) ranged from {lo} to {hi}, all at or below {t}.":
        "مقادیر VIF هم‌خطی کامل (نمره‌های {s}) از {lo} تا {hi} بودند و همه کمتر یا برابر {t}.",
    "Full-collinearity VIFs ({s} scores) ranged from {lo} to {hi}; above {t}: {bad}.":
        "مقادیر VIF هم‌خطی کامل (نمره‌های {s}) از {lo} تا {hi} بودند؛ بیشتر از {t}: {bad}.",
    "A common latent factor (equal loadings) improved fit by delta chi2({df}) = {c}, p {p}, and "
    "accounted for {s} of item variance; no standardized loading changed by more than {t}.":
        "عامل پنهان روش مشترک (بارهای برابر) برازش را به اندازه تفاضل chi2({df}) = {c}، p {p} "
        "بهبود داد و {s} از واریانس گویه‌ها را تبیین کرد؛ هیچ بار استانداردشده‌ای بیش از {t} تغییر نکرد.",
    "A common latent factor (equal loadings) improved fit by delta chi2({df}) = {c}, p {p}, and "
    "accounted for {s} of item variance; {k} standardized loading(s) changed by more than {t} "
    "({items}).":
        "عامل پنهان روش مشترک (بارهای برابر) برازش را به اندازه تفاضل chi2({df}) = {c}، p {p} "
        "بهبود داد و {s} از واریانس گویه‌ها را تبیین کرد؛ {k} بار استانداردشده بیش از {t} تغییر "
        "کرد ({items}).",
    # marker variable (Lindell & Whitney 2001; Williams et al. 2010)
    "marker r_M ({m})": "ضریب r_M متغیر نشانگر ({m})",
    "smallest positive marker correlation": "کوچک‌ترین همبستگی مثبت متغیر نشانگر",
    "marker: method variance (baseline vs method-C)": "نشانگر: واریانس روش (پایه در برابر method-C)",
    "marker: correlations biased (method-R)": "نشانگر: سوگیری همبستگی‌ها (method-R)",
    "no significant method variance": "واریانس روش معنادار نیست",
    "correlations not significantly biased": "همبستگی‌ها سوگیری معنادار ندارند",
    "correlations not biased": "همبستگی‌ها بی‌سوگیری‌اند",
    "CFA marker technique (marker: {m})": "فن متغیر نشانگر در CFA (نشانگر: {m})",
    "model": "مدل", "baseline": "پایه",
    "Retained method model: {m} (method-C vs method-U: delta chi2 = {c}, df = {df}, p {p}); "
    "method share of substantive items {s}.":
        "مدل روش نگه‌داشته: {m} (method-C در برابر method-U: تفاضل chi2 = {c}، df = {df}، p {p})؛ "
        "سهم روش در گویه‌های محتوایی {s}.",
    "Source: {s}.": "منبع: {s}.",
    "Marker correction (marker {m}, r_M = {r}): the corrected construct correlations ranged from "
    "{lo} to {hi}.":
        "اصلاح با متغیر نشانگر (نشانگر {m}، r_M = {r}): همبستگی‌های اصلاح‌شده سازه‌ها از {lo} تا "
        "{hi} بودند.",
    "CFA marker technique (marker {m}): method variance delta chi2({df}) = {c}, p {p}; bias in "
    "the construct correlations delta chi2({df2}) = {c2}, p {p2}.":
        "فن متغیر نشانگر در CFA (نشانگر {m}): واریانس روش تفاضل chi2({df}) = {c}، p {p}؛ سوگیری "
        "در همبستگی‌های سازه‌ها تفاضل chi2({df2}) = {c2}، p {p2}.",
    "r_A = (r - r_M) / (1 - r_M)": "r_A = (r - r_M) / (1 - r_M)",
    # ------------------------------------------------------------------ discriminant validity
    "Discriminant validity: factor correlations with inference":
        "روایی واگرا: همبستگی‌های عاملی با استنباط",
    "Discriminant validity: HTMT with bootstrap intervals":
        "روایی واگرا: HTMT با فاصله‌های بوت‌استرپ",
    "test verdict": "داوری آزمون",
    "CI upper limit < {c}": "حد بالای فاصله اطمینان < {c}",
    "chi2(cut): |phi| < {c}": "chi2(برش): |φ| < {c}",
    "HTMT CI upper < {c}": "حد بالای فاصله اطمینان HTMT < {c}",
    "HTMT2 CI upper < {c}": "حد بالای فاصله اطمینان HTMT2 < {c}",
    "HTMT2 CI lower": "حد پایین فاصله اطمینان HTMT2",
    "HTMT2 CI upper": "حد بالای فاصله اطمینان HTMT2",
    "HTMT2 verdict": "داوری HTMT2",
    "no problem": "بدون مشکل", "marginal": "مرزی", "moderate": "متوسط", "severe": "شدید",
    "{cls} (upper limit {u})": "{cls} (حد بالا {u})",
    "{lvl} Wald CI of the CFA factor correlation (latent variances 1); chi2(cut): the model fixing "
    "the correlation at {c} against the free model, df = 1 (semTools::discriminantValidity).":
        "فاصله اطمینان والد {lvl} برای همبستگی عاملی CFA (واریانس‌های پنهان ۱)؛ chi2(برش): مدلی که "
        "همبستگی را روی {c} ثابت می‌کند در برابر مدل آزاد، df = 1 (semTools::discriminantValidity).",
    "Classes by the CI's upper limit: < .80 no problem, .80-.90 marginal, .90-1 moderate, >= 1 "
    "severe (Rönkkö & Cho 2022).":
        "رده‌ها بر پایه حد بالای فاصله اطمینان: < .80 بدون مشکل، .80-.90 مرزی، .90-1 متوسط، >= 1 "
        "شدید (Rönkkö & Cho 2022).",
    "Percentile bootstrap, {b} resamples of respondents ({f} failed), {lvl} level, seed {s}; "
    "HTMT: Henseler et al. (2015), HTMT2: Roemer et al. (2021).":
        "بوت‌استرپ صدکی، {b} بازنمونه از پاسخ‌دهندگان ({f} ناموفق)، سطح {lvl}، بذر {s}؛ "
        "HTMT: Henseler et al. (2015)، HTMT2: Roemer et al. (2021).",
    "Verdicts use the interval's upper bound (Franke & Sarstedt 2019).":
        "داوری‌ها بر حد بالای فاصله تکیه دارند (Franke & Sarstedt 2019).",
    "Every factor correlation's {lvl} CI upper limit was at most {u} ({a}, {b}: {cls}); {n} of "
    "{m} correlations were significantly below {c} (CI upper limit).":
        "حد بالای فاصله اطمینان {lvl} همه همبستگی‌های عاملی حداکثر {u} بود ({a}، {b}: {cls})؛ {n} از "
        "{m} همبستگی به‌طور معنادار کمتر از {c} بودند (حد بالای فاصله اطمینان).",
    "Every factor correlation's {lvl} CI upper limit was at most {u} ({a}, {b}: {cls}); {n} of "
    "{m} correlations were significantly below {c} (chi2(cut) test).":
        "حد بالای فاصله اطمینان {lvl} همه همبستگی‌های عاملی حداکثر {u} بود ({a}، {b}: {cls})؛ {n} از "
        "{m} همبستگی به‌طور معنادار کمتر از {c} بودند (آزمون chi2(برش)).",
    "The largest upper bound of the {lvl} bootstrap CI of HTMT was {u} ({a}, {b}; {n} resamples).":
        "بزرگ‌ترین حد بالای فاصله اطمینان بوت‌استرپ {lvl} برای HTMT برابر {u} بود ({a}، {b}؛ {n} "
        "بازنمونه).",
    "discriminant validity: {n} construct pairs": "روایی واگرا: {n} جفت سازه",
    "the chi2(cut) tests (one CFA per pair) run for at most {k} pairs, so each pair is judged by "
    "its confidence interval's upper limit":
        "آزمون‌های chi2(برش) (یک CFA برای هر جفت) حداکثر برای {k} جفت اجرا می‌شوند، پس هر جفت با "
        "حد بالای فاصله اطمینان خود داوری می‌شود",
    # ------------------------------------------------------------------ engine warnings
    "the information matrix is singular: the model is not identified (or empirically "
    "under-identified); standard errors are not available — check one- or two-indicator factors "
    "and near-zero factor correlations":
        "ماتریس اطلاعات منفرد است: مدل شناسا نیست (یا به‌طور تجربی فروشناسا است)؛ خطاهای معیار در "
        "دسترس نیستند — عامل‌های یک یا دوشاخصی و همبستگی‌های عاملی نزدیک صفر را بررسی کنید",
    "step skipped": "مرحله اجرا نشد",
    "invariance": "ناوردایی اندازه‌گیری", "predict": "پیش‌بینی PLS", "ipma": "IPMA", "compare": "مقایسه مدل‌ها",
    "predict skipped: PLSpredict has no published procedure for higher-order constructs ({c}); "
    "predict a model of first-order constructs.":
        "پیش‌بینی اجرا نشد: PLSpredict برای سازه‌های مرتبه بالاتر ({c}) روش منتشرشده‌ای ندارد؛ "
        "مدلی از سازه‌های مرتبه اول را پیش‌بینی کنید.",
    "predict skipped: PLSpredict has no published procedure for higher-order constructs ({c}); "
    "predict a model of first-order constructs":
        "پیش‌بینی اجرا نشد: PLSpredict برای سازه‌های مرتبه بالاتر ({c}) روش منتشرشده‌ای ندارد؛ "
        "مدلی از سازه‌های مرتبه اول را پیش‌بینی کنید",
}
